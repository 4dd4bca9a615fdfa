package io.evomerge.merge;

import io.evomerge.EvomergeException;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks {@link MergeSettings} against its method's declarations (ranges, choices, permutations, patterns) and the
 * method's own cross-parameter rules; shared by config files and code. Each failure names the key and its range.
 */
final class MergeSettingsCheck {
    private MergeSettingsCheck() {
    }

    /** Checks with messages naming {@code parameters.KEY}. */
    static void validate(MergeSettings s, int models) {
        validate(s, models, "parameters");
    }

    /**
     * Checks {@code s}; messages name the key as {@code prefix.KEY} (e.g. {@code search[0].parameters.ratio}), a
     * per-model value as {@code models[i].prefix.KEY}.
     */
    static void validate(MergeSettings s, int models, String prefix) {
        if (models < 1) throw new EvomergeException("models: at least one fine-tuned model is needed");
        if (s.models() != models) {
            throw new EvomergeException("settings for " + s.models() + " models given for " + models + " models");
        }
        for (Parameter p : s.method().parameters()) {
            if (!p.candidate()) check(p, s.value(p.name()), models, prefix + "." + p.name());
        }
        try {
            s.method().check(s);
        } catch (IllegalArgumentException e) {
            throw new EvomergeException(prefix + "." + e.getMessage());
        }
    }

    private static void check(Parameter p, Object v, int models, String key) {
        switch (p.type()) {
            case REAL, INTEGER -> {
                if (p.perModel()) {
                    List<?> values = (List<?>) v;
                    for (int i = 0; i < values.size(); i++) {
                        inRange(p, ((Number) values.get(i)).doubleValue(), "models[" + i + "]." + key);
                    }
                } else {
                    inRange(p, ((Number) v).doubleValue(), key);
                }
            }
            case CHOICE -> {
                if (!p.choices().contains((String) v)) {
                    throw new EvomergeException(key + ": '" + v + "' is invalid (valid: " + p.range() + ")");
                }
            }
            case PERMUTATION -> {
                List<?> order = (List<?>) v;
                if (order.size() != models || !new HashSet<>(order).equals(new HashSet<>(IntStream.range(0, models).boxed().toList()))) {
                    throw new EvomergeException(key + ": " + order + " is not a permutation of the model indices 0.." + (models - 1));
                }
            }
            case PATTERNS -> Exclusions.of(((List<?>) v).stream().map(String::valueOf).toList());
            case BOOLEAN -> {
            }
        }
    }

    static void inRange(Parameter p, double v, String key) {
        if (!p.inRange(v)) throw new EvomergeException(key + ": " + v + " is out of range " + p.range());
    }
}
