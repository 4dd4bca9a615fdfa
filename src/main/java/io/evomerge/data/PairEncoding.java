package io.evomerge.data;

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
 * </ul>
 */
public enum PairEncoding {
    CROSS_ENCODER, BI_ENCODER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code cross_encoder | bi_encoder}; null when unknown. */
    public static PairEncoding parseOrNull(String key) {
        for (PairEncoding p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }
}
