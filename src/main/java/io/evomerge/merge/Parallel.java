package io.evomerge.merge;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs per-model work on all cores. Per-model work touches only that model's arrays and selection counters, so it
 * needs no locks; results do not depend on the thread count.
 */
final class Parallel {
    private Parallel() {
    }

    static void forEachModel(int models, IntConsumer work) {
        if (models == 1) {
            work.accept(0);
        } else {
            IntStream.range(0, models).parallel().forEach(work);
        }
    }
}
