package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.report.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
