package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private static final long PAD = 0;

    /** Example i has {@code lengths[i]} tokens, all equal to 100 + i; type ids 0 then 1. */
    private static List<EncodedText> inputs(int... lengths) {
        List<EncodedText> inputs = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            long[] ids = new long[lengths[i]];
            Arrays.fill(ids, 100 + i);
            long[] types = new long[lengths[i]];
            Arrays.fill(types, lengths[i] / 2, lengths[i], 1);
            inputs.add(new EncodedText(i, 0, ids, types));
        }
        return inputs;
    }

    @Test
    void dynamicSortsWithinBucketsAndPadsToTheLongestRow() {
        List<Batch> batches = Batcher.dynamic(inputs(5, 2, 7, 2, 3, 9, 1), 2, 4, PAD);
        // bucket 1 = examples 0..3 sorted by length, ties in input order: 1, 3, 0, 2; bucket 2 = 6, 4, 5
        assertEquals(List.of("1,3", "0,2", "6,4", "5"), batches.stream()
                .map(b -> String.join(",", Arrays.stream(b.examples()).mapToObj(String::valueOf).toList())).toList());
        assertEquals(List.of(2, 7, 3, 9), batches.stream().map(Batch::length).toList());
        Batch second = batches.get(1);
        assertArrayEquals(new long[] {100, 100, 100, 100, 100, PAD, PAD}, second.inputIds()[0]);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 0}, second.attentionMask()[0]);
        assertArrayEquals(new long[] {0, 0, 1, 1, 1, 0, 0}, second.tokenTypeIds()[0]);
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1}, second.attentionMask()[1]);
    }

    @Test
    void everyInputAppearsOnceAndMapsBack() {
        int[] lengths = IntStream.range(0, 50).map(i -> 1 + (i * 37) % 13).toArray();
        List<Batch> batches = Batcher.dynamic(inputs(lengths), 8, 1000, PAD);
        boolean[] seen = new boolean[lengths.length];
        int previousLength = 0;
        for (Batch batch : batches) {
            for (int r = 0; r < batch.rows(); r++) {
                int example = batch.examples()[r];
                seen[example] = true;
                int real = (int) Arrays.stream(batch.attentionMask()[r]).sum();
                assertEquals(lengths[example], real);
                assertEquals(100 + example, batch.inputIds()[r][0]);
                assertTrue(real >= previousLength, "one bucket: lengths never decrease");
                previousLength = real;
            }
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        assertEquals(List.copyOf(Batcher.dynamic(inputs(lengths), 8, 1000, PAD).stream()
                .map(b -> Arrays.toString(b.examples())).toList()),
                batches.stream().map(b -> Arrays.toString(b.examples())).toList());
    }

    @Test
    void fixedKeepsInputOrderAndPadsToTheGivenLength() {
        List<Batch> batches = Batcher.fixed(inputs(5, 2, 7), 2, 8, PAD);
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {0, 1}, batches.get(0).examples());
        assertArrayEquals(new int[] {2}, batches.get(1).examples());
        assertEquals(8, batches.get(1).length());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, batches.get(1).attentionMask()[0]);
        assertThrows(IllegalArgumentException.class, () -> Batcher.fixed(inputs(9), 2, 8, PAD));
    }

    @Test
    void dynamicPadsLessThanFixedForTheSameRows() {
        List<EncodedText> inputs = inputs(3, 30, 4, 29, 5, 28);
        long dynamicCells = Batcher.dynamic(inputs, 2, 6, PAD).stream().mapToLong(b -> (long) b.rows() * b.length()).sum();
        long fixedCells = Batcher.fixed(inputs, 2, 30, PAD).stream().mapToLong(b -> (long) b.rows() * b.length()).sum();
        assertEquals(2 * 4 + 2 * 28 + 2 * 30, dynamicCells);
        assertEquals(6 * 30, fixedCells);
    }

    @Test
    void keepsChoiceIndices() {
        List<EncodedText> inputs = List.of(new EncodedText(0, 0, new long[] {1, 2, 3}, new long[3]),
                new EncodedText(0, 1, new long[] {1, 2}, new long[2]));
        Batch batch = Batcher.dynamic(inputs, 4, 4, PAD).getFirst();
        assertArrayEquals(new int[] {0, 0}, batch.examples());
        assertArrayEquals(new int[] {1, 0}, batch.choices());
    }
    @Test
    void leastPaddingGivesALongTailItsOwnBatch() {
        // Sorted: examples 0, 2, 4 (2 tokens), then 1, 3 (30). Equal slices of 4 pad three short rows to 30:
        // 4*30 + 30 = 150 cells. Least padding with a batch cost of 5: (3*2 + 5) + (2*30 + 5) = 76.
        List<Batch> batches = Batcher.leastPadding(inputs(2, 30, 2, 30, 2), 4, 5, PAD);
        assertEquals(List.of("0,2,4", "1,3"), batches.stream()
                .map(b -> String.join(",", Arrays.stream(b.examples()).mapToObj(String::valueOf).toList())).toList());
        assertEquals(List.of(2, 30), batches.stream().map(Batch::length).toList());
        assertEquals(150, Batcher.dynamic(inputs(2, 30, 2, 30, 2), 4, 5, PAD).stream()
                .mapToLong(b -> (long) b.rows() * b.length()).sum());
        // A batch cost above the padding saved merges (5*30 + 1000 < 66 + 2000); a cap of 1 forces one row each.
        assertEquals(List.of(5), Batcher.leastPadding(inputs(2, 30, 2, 30, 2), 5, 1000, PAD).stream()
                .map(Batch::rows).toList());
        assertEquals(5, Batcher.leastPadding(inputs(2, 30, 2, 30, 2), 1, 0, PAD).size());
    }

    @Test
    void leastPaddingMatchesAnExhaustiveSearchOverEveryPartition() {
        java.util.Random rng = new java.util.Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + rng.nextInt(7);
            int[] lengths = IntStream.range(0, n).map(i -> 1 + rng.nextInt(20)).toArray();
            int maxRows = 1 + rng.nextInt(4);
            int batchCost = rng.nextInt(30);
            List<Batch> batches = Batcher.leastPadding(inputs(lengths), maxRows, batchCost, PAD);
            long cost = batches.stream().mapToLong(b -> (long) b.rows() * b.length() + batchCost).sum();
            assertEquals(bestPartitionCost(lengths, new int[n], 0, 0, maxRows, batchCost), cost,
                    "lengths " + Arrays.toString(lengths) + ", maxRows " + maxRows + ", batchCost " + batchCost);
            assertEquals(n, batches.stream().mapToInt(Batch::rows).sum());
            assertTrue(batches.stream().allMatch(b -> b.rows() <= maxRows));
        }
    }

    /** Least cost over every set partition (not only runs of the sorted order): block[i] is input i's batch. */
    private static long bestPartitionCost(int[] lengths, int[] block, int i, int blocks, int maxRows, int batchCost) {
        if (i == lengths.length) {
            long cost = 0;
            for (int b = 0; b < blocks; b++) {
                int rows = 0;
                int longest = 0;
                for (int k = 0; k < lengths.length; k++) {
                    if (block[k] == b) {
                        rows++;
                        longest = Math.max(longest, lengths[k]);
                    }
                }
                if (rows > maxRows) {
                    return Long.MAX_VALUE;
                }
                cost += (long) rows * longest + batchCost;
            }
            return cost;
        }
        long best = Long.MAX_VALUE;
        for (int b = 0; b <= blocks; b++) {
            block[i] = b;
            best = Math.min(best, bestPartitionCost(lengths, block, i + 1, Math.max(blocks, b + 1), maxRows, batchCost));
        }
        return best;
    }
}
