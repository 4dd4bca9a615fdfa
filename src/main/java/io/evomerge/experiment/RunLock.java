package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run folder's lock: an OS file lock on {@code run.lock}, held for the run's life, with the holder's pid in the
 * file. A second process on the same run is refused at once, naming that pid. The OS drops the lock when its holder
 * dies, even by kill -9, so a stale file never blocks {@code --resume}; a clean exit deletes it.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = "run.lock";
    /**
     * Folders this JVM has locked. Asked before touching the file: on POSIX, closing any other channel to a locked
     * file drops this process's lock, so this JVM never opens its own lock file twice.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code runDir} (which must exist) for this process, or refuses with the holder's pid. */
    static RunLock acquire(Path runDir) {
        Path file = runDir.resolve(FILE);
        String pid = Long.toString(ProcessHandle.current().pid());
        Path key = file.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw new EvomergeException(runDir + " is in use by process " + pid + " (this one; it holds " + FILE + ")");
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another part of this JVM holds it outside RunLock
            }
            if (lock == null) {
                channel.close();
                HELD.remove(key);
                throw inUse(runDir, file);
            }
            // Written through the locked channel: opening the file again and closing that would drop a POSIX lock.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new RunLock(file, channel, lock);
        } catch (IOException e) {
            HELD.remove(key);
            throw new EvomergeException(file + ": cannot lock the run folder (" + IoErrors.reason(e) + ")", e);
        }
    }

    private static EvomergeException inUse(Path runDir, Path file) {
        String pid = holder(file);
        return new EvomergeException(runDir + " is in use by " + (pid == null || pid.isEmpty() ? "another process"
                : "process " + pid) + " (it holds " + FILE + "): wait for that run to end, or stop it and pass --resume");
    }

    /** The pid written in the lock file, or null when it cannot be read. */
    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Deletes the lock file, then releases the lock: in that order, a process that opens the file afterwards makes a
     * new one. (One that opened the old file in the microseconds before the deletion could still lock it after the
     * release; the window is too narrow to matter for runs started by hand.)
     */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the lock itself still goes with the channel; a file left behind is stale and harmless
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing releases the OS lock whatever the outcome; nothing else to undo
        } finally {
            HELD.remove(file.toAbsolutePath().normalize());
        }
    }
}
