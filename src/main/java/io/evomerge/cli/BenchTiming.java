package io.evomerge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the bench commands share: the best of a few timed runs after a warm-up, and removing their scratch folders. */
final class BenchTiming {
    private BenchTiming() {
    }

    /** Runs the task once to warm up, then {@code repeats} times; the fastest run in seconds. */
    static double bestOf(int repeats, Runnable task) {
        task.run();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** Deletes a folder and everything under it; nothing when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
