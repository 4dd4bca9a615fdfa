package io.evomerge.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Deduplicated, label-capped, shuffled 70/15/15 train/validation/test splits. */
record TaskSplits(List<LabelledText> train, List<LabelledText> validation, List<LabelledText> test) {

    static final long SEED = 20251123L;

    TaskSplits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Drops blank and repeated texts (compared case- and whitespace-insensitively; a text seen with two
     * labels is dropped altogether, so no text can reach two splits), keeps at most
     * {@code maxPerLabel} texts per label (a seeded random choice), shuffles and splits.
     */
    static TaskSplits of(List<LabelledText> texts, int maxPerLabel) {
        Random random = new Random(SEED);
        Map<String, List<LabelledText>> byLabel = new LinkedHashMap<>();
        for (LabelledText text : dedupe(texts)) {
            byLabel.computeIfAbsent(text.label(), label -> new ArrayList<>()).add(text);
        }
        List<LabelledText> kept = new ArrayList<>();
        for (List<LabelledText> group : byLabel.values()) {
            Collections.shuffle(group, random);
            kept.addAll(group.subList(0, Math.min(maxPerLabel, group.size())));
        }
        Collections.shuffle(kept, random);
        int train = trainCount(kept.size());
        int validation = validationCount(kept.size());
        return new TaskSplits(kept.subList(0, train), kept.subList(train, train + validation),
                kept.subList(train + validation, kept.size()));
    }

    static int trainCount(int total) {
        return (int) Math.round(total * 0.70);
    }

    static int validationCount(int total) {
        return (int) Math.round(total * 0.15);
    }

    static String key(String text) {
        return text.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }

    private static List<LabelledText> dedupe(List<LabelledText> texts) {
        Map<String, String> labelOf = new HashMap<>();
        Set<String> conflicting = new HashSet<>();
        for (LabelledText text : texts) {
            String previous = labelOf.putIfAbsent(key(text.text()), text.label());
            if (previous != null && !previous.equals(text.label())) {
                conflicting.add(key(text.text()));
            }
        }
        Set<String> seen = new HashSet<>();
        return texts.stream()
                .filter(text -> !text.text().isBlank())
                .filter(text -> !conflicting.contains(key(text.text())) && seen.add(key(text.text())))
                .toList();
    }
}
