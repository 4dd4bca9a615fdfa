package io.evomerge.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Fractional ranking (1-based), as scipy.stats.rankdata(method="average"). */
final class Ranks {

    private Ranks() {
    }

    static double[] average(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            // positions start..end (0-based) share ranks start+1..end+1, whose mean is below
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }
}
