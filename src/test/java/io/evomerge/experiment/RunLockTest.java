package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two processes on one run folder: the second is refused at once with the holder's pid; a kill -9 leaves no block. */
class RunLockTest {
    @TempDir
    Path root;

    /** The other process: locks the folder given as its argument, says so, and holds the lock until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            RunLock lock = RunLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            lock.close();
        }
    }

    private static Process holder(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine(), "the holder process started and locked");
        return p;
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidAndAKilledHolderBlocksNothing() throws Exception {
        Path dir = root.resolve("tiny");
        Files.createDirectories(dir.resolve("searches/es"));
        Files.writeString(dir.resolve("searches/es/evaluations.jsonl"), "");
        Process other = holder(dir);
        try {
            String pid = Long.toString(other.pid());
            EvomergeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(EvomergeException.class, () -> RunLock.acquire(dir)), "refused at once");
            assertTrue(e.getMessage().contains("in use by process " + pid), e.getMessage());
            // without --resume too, the live holder is named before "unfinished"
            EvomergeException fresh = assertThrows(EvomergeException.class, () -> RunFolder.choose(root, "tiny", false));
            assertTrue(fresh.getMessage().contains("in use by process " + pid), fresh.getMessage());
        } finally {
            other.destroyForcibly(); // SIGKILL: the holder gets no chance to clean up
            assertTrue(other.waitFor(10, TimeUnit.SECONDS));
        }
        Path file = dir.resolve(RunLock.FILE);
        assertEquals(Long.toString(other.pid()), Files.readString(file).strip(), "the stale lock file is left");
        EvomergeException unfinished = assertThrows(EvomergeException.class, () -> RunFolder.choose(root, "tiny", false));
        assertTrue(unfinished.getMessage().contains("unfinished run: pass --resume"), unfinished.getMessage());
        assertEquals(dir, RunFolder.choose(root, "tiny", true));
        try (RunLock lock = RunLock.acquire(dir)) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).strip());
            EvomergeException same = assertThrows(EvomergeException.class, () -> RunLock.acquire(dir));
            assertTrue(same.getMessage().contains("in use by process " + ProcessHandle.current().pid()), same.getMessage());
        }
        assertFalse(Files.exists(file), "a clean end leaves no lock file");
    }
}
