package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What a summary row is; the report groups rows in this order (the papers' layout). */
public enum RowKind {
    BASELINE, INDIVIDUAL, GRID, SEARCH;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static RowKind parse(String key) {
        for (RowKind kind : values()) {
            if (kind.key().equals(key)) return kind;
        }
        throw new IllegalArgumentException("'" + key + "' is not a row kind (valid: "
                + String.join(", ", Arrays.stream(values()).map(RowKind::key).toList()) + ")");
    }
}
