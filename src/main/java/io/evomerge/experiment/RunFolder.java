package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.report.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which folder a run writes: {@code <root>/<name>}, then {@code <name>-2}, {@code <name>-3}, … A finished run (its
 * {@code summary.json} written) is a record that is never overwritten: a new run takes the next free folder. An
 * unfinished one (journals, no summary) is continued with {@code --resume} or refused before any work is done;
 * one that a live process holds ({@link RunLock}) is refused naming that process.
 */
final class RunFolder {
    private RunFolder() {
    }

    static Path choose(Path root, String name, boolean resume) {
        Path latest = null;
        for (int n = 1; ; n++) {
            Path dir = root.resolve(n == 1 ? name : name + "-" + n);
            if (!Files.exists(dir)) {
                return resume && latest != null ? latest : dir;
            }
            latest = dir;
            if (Files.isRegularFile(dir.resolve(RunSummary.FILE))) {
                continue;
            }
            if (resume || !hasJournals(dir)) {
                return dir;
            }
            if (Files.exists(dir.resolve(RunLock.FILE))) {
                try (RunLock probe = RunLock.acquire(dir)) {
                    // not held: the file is stale (its holder was killed); the folder is merely unfinished
                }
            }
            throw new EvomergeException(dir + " holds an unfinished run: pass --resume to continue it, or delete the"
                    + " folder to start over");
        }
    }

    /**
     * Deletes the temp files that processes killed mid-write left in {@code runDir} (an atomic write's temp file
     * outlives a kill -9) and returns them. Only for the lock's holder: no other process writes there then.
     */
    static List<Path> removeStaleTemps(Path runDir) {
        try (Stream<Path> files = Files.walk(runDir)) {
            List<Path> stale = files.filter(f -> AtomicFiles.isTemp(f) && Files.isRegularFile(f)).sorted().toList();
            for (Path f : stale) Files.deleteIfExists(f);
            return stale;
        } catch (IOException e) {
            throw IoErrors.of(runDir, "remove the temp files left by an interrupted process", e);
        }
    }

    private static boolean hasJournals(Path dir) {
        Path searches = dir.resolve("searches");
        if (!Files.isDirectory(searches)) return false;
        try (Stream<Path> files = Files.walk(searches)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("evaluations.jsonl"));
        } catch (IOException e) {
            throw new EvomergeException(searches + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
