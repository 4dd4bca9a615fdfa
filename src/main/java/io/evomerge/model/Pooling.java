package io.evomerge.model;

import java.util.Locale;

/**
 * How a task head turns the encoder's hidden states into one vector per input.
 *
 * <ul>
 *   <li>{@link #MEAN}: mean over attended tokens (sentence-transformers; all-MiniLM's training objective).</li>
 *   <li>{@link #CLS}: the first token's hidden state (bge's embedding).</li>
 *   <li>{@link #POOLER}: HF BertForSequenceClassification's pooler, tanh(dense(CLS)); only for imported heads that
 *       carry {@code pooler.dense.*}.</li>
 * </ul>
 */
public enum Pooling {
    MEAN, CLS, POOLER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code mean | cls | pooler}; null when unknown. */
    public static Pooling parseOrNull(String key) {
        for (Pooling p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }
}
