package io.evomerge.data;

import java.util.Locale;

/** The GLUE metrics; {@link #key()} is the name used in reports and results. */
public enum Metric {
    /** Fraction of exact matches. */
    ACCURACY,
    /** F1 of the positive class (label 1), as GLUE reports it for MRPC. */
    F1,
    /** Matthews correlation coefficient (CoLA); 0 when undefined. */
    MATTHEWS,
    /** Pearson correlation (STS-B). */
    PEARSON,
    /** Spearman rank correlation with average ranks for ties (STS-B). */
    SPEARMAN;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a key such as {@code "matthews"}; throws for an unknown name. */
    public static Metric fromKey(String key) {
        for (Metric metric : values()) {
            if (metric.key().equals(key)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'");
    }
}
