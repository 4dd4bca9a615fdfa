package io.evomerge.population;

import io.evomerge.data.GlueReader;
import io.evomerge.data.GlueTask;
import io.evomerge.data.JsonlReader;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.StoryClozeReader;
import io.evomerge.data.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One task of an experiment. {@code glueTask} is set for GLUE only; {@code trainSubset}/{@code validationSubset}
 * (null: all) take the first N of a seeded shuffle; {@code weight} weighs the task in the fitness average;
 * {@code finetune} is the experiment's settings with this task's overrides applied; {@code pairEncoding} says how
 * its sentence pairs are encoded (cross-encoder unless the task's {@code pair_encoding} says otherwise).
 */
public record TaskConfig(String name, TaskSource source, Path path, GlueTask glueTask, Integer trainSubset,
                         Integer validationSubset, double weight, FinetuneConfig finetune, PairEncoding pairEncoding) {

    /** The task's kind, labels and metrics (the first metric is the headline one). */
    public TaskSpec spec() {
        return switch (source) {
            case GLUE -> glueTask.spec();
            case JSONL -> JsonlReader.readSpec(path.resolve(JsonlReader.TASK_JSON));
            case STORY_CLOZE -> StoryClozeReader.spec();
        };
    }

    /** The file a split is read from. */
    public Path file(SplitName split) {
        return switch (source) {
            case GLUE -> GlueReader.file(path, glueTask, split);
            case JSONL -> JsonlReader.file(path, split);
            case STORY_CLOZE -> path.resolve(split.fileStem() + ".csv");
        };
    }

    /** Every file the task's data comes from: the three splits, and jsonl's task.json (labels and metrics). */
    public List<Path> dataFiles() {
        List<Path> files = new ArrayList<>();
        if (source == TaskSource.JSONL) {
            files.add(path.resolve(JsonlReader.TASK_JSON));
        }
        for (SplitName split : SplitName.values()) {
            files.add(file(split));
        }
        return files;
    }

    /** The whole split as stored. */
    public Split read(SplitName split) {
        return switch (source) {
            case GLUE -> GlueReader.readFile(file(split), glueTask, split);
            case JSONL -> JsonlReader.read(file(split), spec(), split);
            case STORY_CLOZE -> StoryClozeReader.read(file(split), split);
        };
    }

    /**
     * The split as experiments use it: train limited to {@code trainSubset}, validation to {@code validationSubset}
     * (the first N of a shuffle seeded by {@code seed} and the task name), test whole.
     */
    public Split read(SplitName split, long seed) {
        Split all = read(split);
        Integer limit = switch (split) {
            case TRAIN -> trainSubset;
            case VALIDATION -> validationSubset;
            case TEST -> null;
        };
        if (limit == null || limit >= all.size()) {
            return all;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1_000_003L + name.hashCode()));
        return new Split(all.task(), split, order.subList(0, limit).stream().map(all.examples()::get).toList());
    }
}
