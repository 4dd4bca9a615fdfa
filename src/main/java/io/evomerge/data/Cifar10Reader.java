package io.evomerge.data;

import io.evomerge.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the CIFAR-10 binary layout: records of 3,073 bytes, one label byte then 1,024 red, 1,024 green and 1,024
 * blue bytes, row-major 32×32. A task folder holds {@code <split>.bin} (or {@code .bin.gz}), or the original
 * {@code data_batch_1..5.bin} and {@code test_batch.bin}; label names come from {@code batches.meta.txt} when present.
 * A missing validation split is carved from train by the task's {@link HoldOut}.
 */
public final class Cifar10Reader {

    public static final List<String> LABELS = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    private static final int SIDE = 32;
    private static final int RECORD = 1 + 3 * SIDE * SIDE;

    private Cifar10Reader() {
    }

    public static TaskSpec spec(Path dir) {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return TaskSpec.classification("cifar10", LABELS, Metric.ACCURACY);
        }
        try {
            List<String> labels = Files.readAllLines(meta, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
            return TaskSpec.classification("cifar10", labels, Metric.ACCURACY);
        } catch (IOException e) {
            throw new DataFormatException(meta.toString(), "cannot read (" + IoErrors.reason(e) + ")", e);
        }
    }

    /** The files split {@code split} is stored in; empty when the folder has none for it. */
    public static List<Path> files(Path dir, SplitName split) {
        Path single = RecordFiles.find(dir, List.of(split.fileStem() + ".bin"));
        if (single != null) {
            return List.of(single);
        }
        List<String> original = switch (split) {
            case TRAIN -> List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                    "data_batch_5.bin");
            case VALIDATION -> List.of();
            case TEST -> List.of("test_batch.bin");
        };
        return original.stream().map(name -> RecordFiles.find(dir, List.of(name))).filter(f -> f != null).toList();
    }

    public static ImageSplit read(Path dir, SplitName split, HoldOut holdOut) {
        TaskSpec spec = spec(dir);
        if (split == SplitName.TEST || !files(dir, SplitName.VALIDATION).isEmpty()) {
            return new ImageSplit(spec, split, readSplit(dir, split, spec));
        }
        List<LabelledImage> pool = readSplit(dir, SplitName.TRAIN, spec);
        return new ImageSplit(spec, split, holdOut.split(pool, false).get(split));
    }

    private static List<LabelledImage> readSplit(Path dir, SplitName split, TaskSpec spec) {
        List<Path> files = files(dir, split);
        if (files.isEmpty()) {
            throw new DataFormatException(dir.toString(), "no CIFAR-10 " + split.fileStem() + " split (looked for "
                    + split.fileStem() + ".bin, " + split.fileStem() + ".bin.gz"
                    + (split == SplitName.TEST ? ", test_batch.bin" : ", data_batch_1.bin") + ")", null);
        }
        List<LabelledImage> images = new ArrayList<>();
        for (Path file : files) {
            images.addAll(readFile(file, spec.labelNames().size()));
        }
        return images;
    }

    /** Every record of one file; a length that is not a whole number of records, or a bad label, is an error. */
    public static List<LabelledImage> readFile(Path file, int classes) {
        byte[] bytes = RecordFiles.read(file);
        if (bytes.length == 0 || bytes.length % RECORD != 0) {
            throw new DataFormatException(file.toString(), bytes.length + " bytes is not a whole number of "
                    + RECORD + "-byte CIFAR-10 records (truncated or not CIFAR-10)", null);
        }
        List<LabelledImage> images = new ArrayList<>(bytes.length / RECORD);
        for (int start = 0; start < bytes.length; start += RECORD) {
            int record = start / RECORD + 1;
            int label = bytes[start] & 0xFF;
            if (label >= classes) {
                throw new DataFormatException(file.toString(), "record " + record + ": label " + label
                        + " outside [0, " + classes + ")", null);
            }
            Pixels pixels = new Pixels(SIDE, SIDE, 3, Arrays.copyOfRange(bytes, start + 1, start + RECORD));
            images.add(new LabelledImage(new ImageRef.Decoded(file + " record " + record, pixels), label));
        }
        return images;
    }
}
