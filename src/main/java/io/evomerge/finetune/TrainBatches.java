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
 * One epoch's training batches, length-grouped: shuffle, cut into buckets of {@value #BUCKET_BATCHES} batches,
 * sort each bucket by length (little padding), then shuffle the batch order. Multiple-choice and bi-encoder examples
 * stay whole: a batch holds {@code batchSize} examples with all their rows (choices, or both sentences), consecutive.
 */
final class TrainBatches {
    static final int BUCKET_BATCHES = 50;

    private TrainBatches() {
    }

    /** Whether an example's rows must share a batch: its head scores them together. */
    static boolean keepsExamplesWhole(TaskKind kind, PairEncoding pairs) {
        return kind == TaskKind.MULTIPLE_CHOICE || pairs == PairEncoding.BI_ENCODER;
    }

    static List<Batch> epoch(List<EncodedText> rows, boolean wholeExamples, int batchSize, long padId, Random rng) {
        List<Batch> batches = wholeExamples
                ? wholeExamples(rows, batchSize, padId, rng)
                : Batcher.dynamic(shuffled(rows, rng), batchSize, batchSize * BUCKET_BATCHES, padId);
        List<Batch> out = new ArrayList<>(batches);
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

    private static List<Batch> wholeExamples(List<EncodedText> rows, int batchSize, long padId, Random rng) {
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
        List<Batch> batches = new ArrayList<>();
        int bucket = batchSize * BUCKET_BATCHES;
        for (int from = 0; from < order.size(); from += bucket) {
            List<List<EncodedText>> sorted = new ArrayList<>(order.subList(from, Math.min(order.size(), from + bucket)));
            sorted.sort(byLength);
            for (int start = 0; start < sorted.size(); start += batchSize) {
                List<List<EncodedText>> group = sorted.subList(start, Math.min(sorted.size(), start + batchSize));
                List<EncodedText> flat = group.stream().flatMap(List::stream).toList();
                int length = flat.stream().mapToInt(EncodedText::length).max().orElse(1);
                batches.add(Batcher.fixed(flat, flat.size(), length, padId).getFirst());
            }
        }
        return batches;
    }
}
