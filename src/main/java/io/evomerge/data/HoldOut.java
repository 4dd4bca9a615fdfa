package io.evomerge.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How splits a task does not have on disk are carved out of a pool of examples by a seeded shuffle: test takes
 * round(testFraction · n) of the pool (only where the test split is missing), validation min(validationMax,
 * round(validationFraction · rest)), train keeps the others. Each part keeps the pool's order. {@link #PAPER} is the
 * PCB paper's rule: validation = 10 % of train capped at 5,000, seed 0.
 */
public record HoldOut(double validationFraction, int validationMax, double testFraction, long seed) {

    public static final HoldOut PAPER = new HoldOut(0.1, 5000, 0.2, 0);

    public HoldOut {
        if (!(validationFraction > 0 && validationFraction < 1) || !(testFraction > 0 && testFraction < 1)
                || validationMax < 1) {
            throw new IllegalArgumentException("hold-out fractions must lie in (0, 1) and the cap be >= 1, got "
                    + validationFraction + ", " + testFraction + ", " + validationMax);
        }
    }

    /** The three parts of {@code pool}; test stays empty unless {@code carveTest}. */
    public <T> Parts<T> split(List<T> pool, boolean carveTest) {
        int n = pool.size();
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int test = carveTest ? (int) Math.round(testFraction * n) : 0;
        int validation = Math.min(validationMax, (int) Math.round(validationFraction * (n - test)));
        return new Parts<>(pick(pool, order.subList(test + validation, n)),
                pick(pool, order.subList(test, test + validation)), pick(pool, order.subList(0, test)));
    }

    private static <T> List<T> pick(List<T> pool, List<Integer> indices) {
        return indices.stream().sorted().map(pool::get).toList();
    }

    /** The parts of a pool, each in the pool's order. */
    public record Parts<T>(List<T> train, List<T> validation, List<T> test) {

        public List<T> get(SplitName split) {
            return switch (split) {
                case TRAIN -> train;
                case VALIDATION -> validation;
                case TEST -> test;
            };
        }
    }
}
