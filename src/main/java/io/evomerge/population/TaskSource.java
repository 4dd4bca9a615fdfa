package io.evomerge.population;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a task's data comes from; {@code key()} is the YAML value, {@code folder()} what its {@code path} names,
 * {@code images()} whether its examples are images (read by {@code data}'s image readers) rather than text.
 */
public enum TaskSource {
    /** A GLUE root with {@code <task dir>/<split>.tsv}. */
    GLUE("glue", false, "the GLUE root"),
    /** A task folder: {@code task.json} + {@code <split>.jsonl}. */
    JSONL("jsonl", false, "the task folder"),
    /** A folder with Story Cloze's official CSV per split: {@code <split>.csv}. */
    STORY_CLOZE("story_cloze", false, "the folder with <split>.csv"),
    /** CIFAR-10's binary layout: {@code <split>.bin[.gz]} or the original batch files ({@code Cifar10Reader}). */
    CIFAR10("cifar10", true, "the folder with train.bin.gz and test.bin.gz"),
    /** MNIST's IDX layout: {@code <split>-images-idx3-ubyte[.gz]} and labels ({@code IdxReader}). */
    IDX("idx", true, "the folder with <split>-images-idx3-ubyte[.gz] and <split>-labels-idx1-ubyte[.gz]"),
    /** Image files in class folders, split into train/validation/test folders or not ({@code ImageFolderReader}). */
    IMAGE_FOLDER("image_folder", true, "the folder of class folders, or of train/, validation/, test/");

    private final String key;
    private final boolean images;
    private final String folder;

    TaskSource(String key, boolean images, String folder) {
        this.key = key;
        this.images = images;
        this.folder = folder;
    }

    public String key() {
        return key;
    }

    public boolean images() {
        return images;
    }

    public String folder() {
        return folder;
    }

    /** The source with YAML value {@code key}, or null. */
    public static TaskSource parseOrNull(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst().orElse(null);
    }

    /** "glue, jsonl, ...", for error messages. */
    public static String keys() {
        return Arrays.stream(values()).map(TaskSource::key).collect(Collectors.joining(", "));
    }
}
