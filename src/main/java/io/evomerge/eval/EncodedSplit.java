package io.evomerge.eval;

import ai.djl.ndarray.types.Shape;
import io.evomerge.data.Batch;
import io.evomerge.data.Batcher;
import io.evomerge.data.EncodedText;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.TextEncoder;
import java.util.List;

/**
 * A split tokenized and batched once for inference: flat row-major id, mask and type arrays per batch, ready to
 * copy into NDArrays on every evaluation. Multiple-choice rows are scored independently and bi-encoder rows are pooled
 * independently, so any batching works.
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

    /** How a split is cut into padded batches. */
    public enum Batching {
        /** Sorted by length, cut where padded tokens plus a per-batch cost are least (the default). */
        LEAST_PADDING,
        /** Sorted by length, cut into equal slices of the batch size (for comparison). */
        SORTED_SLICES,
        /** Input order, every batch padded to max_length (for comparison). */
        FIXED_LENGTH
    }

    /**
     * A batch's fixed cost in padded-token equivalents: about 150 native ops and less efficient small matrix
     * products. At 64 a few extra batches are accepted to drop a long tail's padding from the short rows.
     */
    static final int BATCH_COST_TOKENS = 64;

    /** Tokenizes {@code split} into batches of at most {@code batchSize} rows, with the least padding. */
    public static EncodedSplit of(Split split, TextEncoder encoder, PairEncoding pairs, int batchSize) {
        return of(split, encoder, pairs, batchSize, Batching.LEAST_PADDING);
    }

    /** Tokenizes {@code split} and pads it into batches of at most {@code batchSize} rows as {@code batching} says. */
    public static EncodedSplit of(Split split, TextEncoder encoder, PairEncoding pairs, int batchSize,
                                  Batching batching) {
        List<EncodedText> rows = encoder.encode(split, pairs);
        List<Batch> batches = switch (batching) {
            case LEAST_PADDING -> Batcher.leastPadding(rows, batchSize, BATCH_COST_TOKENS, encoder.padId());
            case SORTED_SLICES -> Batcher.dynamic(rows, batchSize, Math.max(rows.size(), 1), encoder.padId());
            case FIXED_LENGTH -> Batcher.fixed(rows, batchSize, encoder.maxLength(), encoder.padId());
        };
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
