package io.evomerge.data;

/**
 * One padded batch as plain arrays [rows][length], ready to copy into any tensor library.
 * Row r holds the input of example {@code examples[r]} (choice {@code choices[r]} for multiple
 * choice), so predictions map back to the split's order whatever order the batches come in.
 */
public record Batch(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds,
                    int[] examples, int[] choices) {

    public int rows() {
        return inputIds.length;
    }

    public int length() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }
}
