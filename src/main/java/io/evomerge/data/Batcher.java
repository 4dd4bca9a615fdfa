package io.evomerge.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Groups encoded inputs into padded batches. */
public final class Batcher {

    private Batcher() {
    }

    /**
     * Dynamic padding: the inputs are cut, in order, into buckets of {@code bucketSize}; each
     * bucket is sorted by length (ties keep input order) and sliced into batches of
     * {@code batchSize}, each padded to its own longest input. Deterministic; a bucket as large
     * as the input sorts everything (least padding, best for evaluation).
     */
    public static List<Batch> dynamic(List<EncodedText> inputs, int batchSize, int bucketSize, long padId) {
        checkPositive(batchSize, "batchSize");
        checkPositive(bucketSize, "bucketSize");
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += bucketSize) {
            List<EncodedText> bucket = new ArrayList<>(inputs.subList(from, Math.min(inputs.size(), from + bucketSize)));
            bucket.sort(Comparator.comparingInt(EncodedText::length)); // List.sort is stable
            for (int start = 0; start < bucket.size(); start += batchSize) {
                List<EncodedText> rows = bucket.subList(start, Math.min(bucket.size(), start + batchSize));
                batches.add(pad(rows, rows.getLast().length(), padId));
            }
        }
        return batches;
    }

    /**
     * Least padding for inference: inputs sorted by length (stable), then cut into the batches of at most
     * {@code maxRows} rows that minimise padded tokens plus {@code batchCost} per batch (a batch's fixed cost, in
     * tokens). Cutting sorted inputs into equal slices pads a slice's short rows to the slice's longest; here a run
     * of long rows gets its own small batch and short rows share large ones. Exact (dynamic programming over the
     * sorted order, which holds an optimal batching): O(n × maxRows).
     */
    public static List<Batch> leastPadding(List<EncodedText> inputs, int maxRows, int batchCost, long padId) {
        checkPositive(maxRows, "maxRows");
        if (batchCost < 0) {
            throw new IllegalArgumentException("batchCost must not be negative, got " + batchCost);
        }
        List<EncodedText> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingInt(EncodedText::length));
        int n = sorted.size();
        long[] cost = new long[n + 1]; // cost[i]: least cost of batching the i shortest inputs
        int[] start = new int[n + 1];  // start[i]: where the last batch of that batching begins
        for (int i = 1; i <= n; i++) {
            cost[i] = Long.MAX_VALUE;
            long longest = sorted.get(i - 1).length();
            for (int j = Math.max(0, i - maxRows); j < i; j++) {
                long c = cost[j] + (i - j) * longest + batchCost;
                if (c < cost[i]) {
                    cost[i] = c;
                    start[i] = j;
                }
            }
        }
        List<Batch> batches = new ArrayList<>();
        for (int end = n; end > 0; end = start[end]) {
            batches.add(pad(sorted.subList(start[end], end), sorted.get(end - 1).length(), padId));
        }
        return batches.reversed();
    }

    /** Fixed padding: input order, every batch padded to {@code length} (for comparison with dynamic). */
    public static List<Batch> fixed(List<EncodedText> inputs, int batchSize, int length, long padId) {
        checkPositive(batchSize, "batchSize");
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < inputs.size(); start += batchSize) {
            batches.add(pad(inputs.subList(start, Math.min(inputs.size(), start + batchSize)), length, padId));
        }
        return batches;
    }

    private static Batch pad(List<EncodedText> rows, int length, long padId) {
        int n = rows.size();
        long[][] ids = new long[n][length];
        long[][] mask = new long[n][length];
        long[][] types = new long[n][length];
        int[] examples = new int[n];
        int[] choices = new int[n];
        for (int r = 0; r < n; r++) {
            EncodedText row = rows.get(r);
            if (row.length() > length) {
                throw new IllegalArgumentException("input of example " + row.example() + " has "
                        + row.length() + " tokens, more than the padded length " + length);
            }
            Arrays.fill(ids[r], padId);
            System.arraycopy(row.ids(), 0, ids[r], 0, row.length());
            Arrays.fill(mask[r], 0, row.length(), 1L);
            System.arraycopy(row.typeIds(), 0, types[r], 0, row.length());
            examples[r] = row.example();
            choices[r] = row.choice();
        }
        return new Batch(ids, mask, types, examples, choices);
    }

    private static void checkPositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
