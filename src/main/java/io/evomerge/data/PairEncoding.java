package io.evomerge.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a sentence-pair example reaches the encoder.
 *
 * <ul>
 *   <li>{@link #CROSS_ENCODER}: one input, {@code [CLS] text [SEP] pair [SEP]} with token types (BERT's GLUE
 *       recipe).</li>
 *   <li>{@link #BI_ENCODER}: two inputs, each sentence alone; the head compares their pooled vectors u and v through
 *       (u, v, |u - v|, u * v), as Sentence-BERT's classifier does. Sentence-embedding backbones such as
 *       all-MiniLM-L6-v2 were trained this way (including on NLI pairs), so their pre-trained similarity survives;
 *       as cross-encoders they start from nothing.</li>
 *   <li>{@link #BI_ENCODER_COSINE}: two inputs as for {@link #BI_ENCODER}, but the head sees only the cosine of u and
 *       v (scaled, see the head), the similarity these backbones were trained to produce: a 1-input linear layer, a
 *       fitted threshold for classification and a line for regression (Sentence-BERT's cosine objective).</li>
 * </ul>
 */
public enum PairEncoding {
    CROSS_ENCODER, BI_ENCODER, BI_ENCODER_COSINE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when each sentence of a pair is encoded alone (two rows per example). */
    public boolean separate() {
        return this != CROSS_ENCODER;
    }

    /** The keys, for error messages: {@code cross_encoder, bi_encoder, bi_encoder_cosine}. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(PairEncoding::key).toList());
    }

    /** Parses one of {@link #keys()}; null when unknown. */
    public static PairEncoding parseOrNull(String key) {
        for (PairEncoding p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }
}
