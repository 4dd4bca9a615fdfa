package io.evomerge.finetune;

import io.evomerge.data.Batch;
import io.evomerge.data.Batcher;
import io.evomerge.data.EncodedText;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One epoch's training steps, length-grouped: shuffle, cut into buckets of {@value #BUCKET_BATCHES} batches, sort
 * each bucket by length (little padding), then shuffle the step order. Multiple-choice and bi-encoder examples stay
 * whole: a step holds {@code batchSize} examples with all their rows. A multiple-choice step is one batch with each
 * example's choices consecutive; a bi-encoder step is two batches, the first sentences and the second sentences in
 * the same example order, each padded to its own longest row (a short hypothesis is not padded to its premise).
 */
final class TrainBatches {
    static final int BUCKET_BATCHES = 50;

    /** One optimizer step's inputs: one padded batch, or a bi-encoder's two (first sentences, second sentences). */
    record Step(List<Batch> parts) {
        Step {
            parts = List.copyOf(parts);
        }
    }

    private TrainBatches() {
    }

    static List<Step> epoch(List<EncodedText> rows, TaskKind kind, PairEncoding pairs, int batchSize, long padId,
                            Random rng) {
        List<Step> steps = kind == TaskKind.MULTIPLE_CHOICE || pairs.separate()
                ? wholeExamples(rows, batchSize, padId, rng, pairs.separate())
                : Batcher.dynamic(shuffled(rows, rng), batchSize, batchSize * BUCKET_BATCHES, padId).stream()
                        .map(b -> new Step(List.of(b))).toList();
        List<Step> out = new ArrayList<>(steps);
        Collections.shuffle(out, rng);
        return out;
    }

    static int batchesPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    private static <T> List<T> shuffled(List<T> items, Random rng) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, rng);
        return copy;
    }

    private static List<Step> wholeExamples(List<EncodedText> rows, int batchSize, long padId, Random rng,
                                            boolean bySentence) {
        List<List<EncodedText>> examples = new ArrayList<>();
        for (EncodedText row : rows) {
            if (row.choice() == 0) {
                examples.add(new ArrayList<>());
            }
            examples.getLast().add(row);
        }
        List<List<EncodedText>> order = shuffled(examples, rng);
        Comparator<List<EncodedText>> byLength = Comparator.comparingInt(
                e -> e.stream().mapToInt(EncodedText::length).max().orElse(0));
        List<Step> steps = new ArrayList<>();
        int bucket = batchSize * BUCKET_BATCHES;
        for (int from = 0; from < order.size(); from += bucket) {
            List<List<EncodedText>> sorted = new ArrayList<>(order.subList(from, Math.min(order.size(), from + bucket)));
            sorted.sort(byLength);
            for (int start = 0; start < sorted.size(); start += batchSize) {
                List<List<EncodedText>> group = sorted.subList(start, Math.min(sorted.size(), start + batchSize));
                steps.add(bySentence
                        ? new Step(List.of(padded(group.stream().map(List::getFirst).toList(), padId),
                                padded(group.stream().map(List::getLast).toList(), padId)))
                        : new Step(List.of(padded(group.stream().flatMap(List::stream).toList(), padId))));
            }
        }
        return steps;
    }

    /** One batch of all {@code rows}, padded to the longest. */
    private static Batch padded(List<EncodedText> rows, long padId) {
        int length = rows.stream().mapToInt(EncodedText::length).max().orElse(1);
        return Batcher.fixed(rows, rows.size(), length, padId).getFirst();
    }
}
