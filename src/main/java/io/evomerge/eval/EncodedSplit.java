package io.evomerge.eval;

import ai.djl.ndarray.types.Shape;
import io.evomerge.data.Batch;
import io.evomerge.data.Batcher;
import io.evomerge.data.EncodedText;
import io.evomerge.data.Split;
import io.evomerge.data.TextEncoder;
import java.util.List;

/**
 * A split tokenized and batched once for inference: flat row-major id, mask and type arrays per batch, ready to
 * copy into NDArrays on every evaluation. Multiple-choice rows are scored independently, so any batching works.
 */
public final class EncodedSplit {
    /** One padded batch, flattened; {@code examples[r]}/{@code choices[r]} say whose row r is. */
    record Rows(long[] ids, long[] mask, long[] types, Shape shape, int[] examples, int[] choices) {
    }

    private final Split split;
    private final List<Rows> batches;
    private final long tokens;

    private EncodedSplit(Split split, List<Rows> batches) {
        this.split = split;
        this.batches = batches;
        this.tokens = batches.stream().mapToLong(b -> b.shape().size()).sum();
    }

    /**
     * Tokenizes {@code split} and pads it into batches of {@code batchSize} rows: length-grouped (sorted by length
     * over the whole split: least padding) or, for comparison, fixed-length (input order, padded to max length).
     */
    public static EncodedSplit of(Split split, TextEncoder encoder, int batchSize, boolean lengthGrouped) {
        List<EncodedText> rows = encoder.encode(split);
        List<Batch> batches = lengthGrouped
                ? Batcher.dynamic(rows, batchSize, Math.max(rows.size(), 1), encoder.padId())
                : Batcher.fixed(rows, batchSize, encoder.maxLength(), encoder.padId());
        return new EncodedSplit(split, batches.stream().map(EncodedSplit::flatten).toList());
    }

    private static Rows flatten(Batch b) {
        return new Rows(flat(b.inputIds()), flat(b.attentionMask()), flat(b.tokenTypeIds()),
                new Shape(b.rows(), b.length()), b.examples(), b.choices());
    }

    private static long[] flat(long[][] rows) {
        int length = rows.length == 0 ? 0 : rows[0].length;
        long[] out = new long[rows.length * length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * length, length);
        }
        return out;
    }

    public Split split() {
        return split;
    }

    public int examples() {
        return split.size();
    }

    /** Padded tokens over all batches (what the encoder computes on). */
    public long paddedTokens() {
        return tokens;
    }

    List<Rows> batches() {
        return batches;
    }
}
