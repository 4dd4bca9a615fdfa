package io.evomerge.population;

import io.evomerge.data.Cifar10Reader;
import io.evomerge.data.GlueReader;
import io.evomerge.data.GlueTask;
import io.evomerge.data.IdxReader;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImageFolderReader;
import io.evomerge.data.ImageOptions;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageSplit;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.JsonlReader;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.data.StoryClozeReader;
import io.evomerge.data.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One task of an experiment. {@code glueTask} is set for GLUE only; {@code trainSubset}/{@code validationSubset}
 * (null: all) take the first N of a seeded shuffle; {@code weight} weighs the task in the fitness average;
 * {@code finetune} is the experiment's settings with this task's overrides applied; {@code pairEncoding} says how
 * its sentence pairs are encoded (cross-encoder unless the task's {@code pair_encoding} says otherwise);
 * {@code images} how an image task's splits are carved and bad images handled (the default for text tasks).
 */
public record TaskConfig(String name, TaskSource source, Path path, GlueTask glueTask, Integer trainSubset,
                         Integer validationSubset, double weight, FinetuneConfig finetune, PairEncoding pairEncoding,
                         ImageOptions images) {

    /** A text task (image options at their defaults). */
    public TaskConfig(String name, TaskSource source, Path path, GlueTask glueTask, Integer trainSubset,
                      Integer validationSubset, double weight, FinetuneConfig finetune, PairEncoding pairEncoding) {
        this(name, source, path, glueTask, trainSubset, validationSubset, weight, finetune, pairEncoding,
                ImageOptions.DEFAULT);
    }

    /** The task's kind, labels and metrics (the first metric is the headline one). */
    public TaskSpec spec() {
        return switch (source) {
            case GLUE -> glueTask.spec();
            case JSONL -> JsonlReader.readSpec(path.resolve(JsonlReader.TASK_JSON));
            case STORY_CLOZE -> StoryClozeReader.spec();
            case CIFAR10 -> Cifar10Reader.spec(path);
            case IDX -> IdxReader.spec(path);
            case IMAGE_FOLDER -> ImageFolderReader.spec(path);
        };
    }

    /** The file a text split is read from (image tasks have several: see {@link #dataFiles()}). */
    public Path file(SplitName split) {
        return switch (source) {
            case GLUE -> GlueReader.file(path, glueTask, split);
            case JSONL -> JsonlReader.file(path, split);
            case STORY_CLOZE -> path.resolve(split.fileStem() + ".csv");
            case CIFAR10, IDX, IMAGE_FOLDER -> throw new IllegalStateException(name + " is an image task");
        };
    }

    /**
     * Every file the task's data comes from: the three splits, and jsonl's task.json (labels and metrics); for
     * image tasks the files that exist (a split carved from train has none) and task.json when there is one.
     */
    public List<Path> dataFiles() {
        List<Path> files = new ArrayList<>();
        Path taskJson = path.resolve(JsonlReader.TASK_JSON);
        if (source == TaskSource.JSONL || (source.images() && Files.isRegularFile(taskJson))) {
            files.add(taskJson);
        }
        for (SplitName split : SplitName.values()) {
            switch (source) {
                case GLUE, JSONL, STORY_CLOZE -> files.add(file(split));
                case CIFAR10 -> files.addAll(Cifar10Reader.files(path, split));
                case IDX -> files.addAll(IdxReader.files(path, split));
                case IMAGE_FOLDER -> {
                    if (split == SplitName.TRAIN) {
                        files.addAll(ImageFolderReader.files(path));
                    }
                }
            }
        }
        return files;
    }

    /** The whole split as stored, of a text task. */
    public Split read(SplitName split) {
        return switch (source) {
            case GLUE -> GlueReader.readFile(file(split), glueTask, split);
            case JSONL -> JsonlReader.read(file(split), spec(), split);
            case STORY_CLOZE -> StoryClozeReader.read(file(split), split);
            case CIFAR10, IDX, IMAGE_FOLDER -> throw new IllegalStateException(name + " is an image task");
        };
    }

    /**
     * An image split as experiments use it ({@link #readImages(SplitName, long)}) preprocessed, through {@code
     * cache} (decoded once per split and preprocessing); images that cannot be read stop the task unless {@code
     * images().skipBadImages()}, and are then named in the result.
     */
    public ImageTensors imageTensors(SplitName split, long seed, ImagePreprocessing preprocessing, ImageCache cache) {
        return cache.load(readImages(split, seed), preprocessing, images.skipBadImages());
    }

    /** The whole split of an image task: stored, or carved from train by {@code images().holdOut()}. */
    public ImageSplit readImages(SplitName split) {
        return switch (source) {
            case CIFAR10 -> Cifar10Reader.read(path, split, images.holdOut());
            case IDX -> IdxReader.read(path, split, images.holdOut());
            case IMAGE_FOLDER -> ImageFolderReader.read(path, split, images.holdOut());
            case GLUE, JSONL, STORY_CLOZE -> throw new IllegalStateException(name + " is a text task");
        };
    }

    /**
     * The split as experiments use it: train limited to {@code trainSubset}, validation to {@code validationSubset}
     * (the first N of a shuffle seeded by {@code seed} and the task name), test whole.
     */
    public Split read(SplitName split, long seed) {
        Split all = read(split);
        return new Split(all.task(), split, subset(all.examples(), split, seed));
    }

    /** The image split as experiments use it: subsets as {@link #read(SplitName, long)} takes them. */
    public ImageSplit readImages(SplitName split, long seed) {
        ImageSplit all = readImages(split);
        return new ImageSplit(all.task(), split, subset(all.images(), split, seed));
    }

    /** The first {@code trainSubset}/{@code validationSubset} of a shuffle seeded by {@code seed} and the name. */
    private <T> List<T> subset(List<T> all, SplitName split, long seed) {
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
        return order.subList(0, limit).stream().map(all::get).toList();
    }
}
