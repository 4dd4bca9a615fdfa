package io.evomerge.data;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads the IDX layout of MNIST and Fashion-MNIST: unsigned-byte files {@code <stem>-images-idx3-ubyte} (N × rows ×
 * columns, grey) and {@code <stem>-labels-idx1-ubyte} (N), gzipped or not, where the stem is the split's name
 * ({@code train}, {@code validation}, {@code test}; test also {@code t10k}; a dot instead of the last dash is read
 * too). A missing validation split is carved from train by the task's {@link HoldOut}. Label names come from the
 * folder's {@code task.json} (as for JSONL tasks) when present, else they are "0" .. "K-1" for K = the largest train
 * label + 1.
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    public static TaskSpec spec(Path dir) {
        Path taskJson = dir.resolve(JsonlReader.TASK_JSON);
        if (Files.isRegularFile(taskJson)) {
            return JsonlReader.readSpec(taskJson);
        }
        Path labels = labelsFile(dir, SplitName.TRAIN);
        if (labels == null) {
            throw missing(dir, SplitName.TRAIN, "labels");
        }
        int classes = 1;
        for (byte label : data(labels, 1)) {
            classes = Math.max(classes, (label & 0xFF) + 1);
        }
        return TaskSpec.classification(dir.getFileName().toString(),
                IntStream.range(0, Math.max(2, classes)).mapToObj(Integer::toString).toList(), Metric.ACCURACY);
    }

    /** The images and labels files of {@code split}; empty when the folder has none for it. */
    public static List<Path> files(Path dir, SplitName split) {
        Path images = imagesFile(dir, split);
        Path labels = labelsFile(dir, split);
        return images == null || labels == null ? List.of() : List.of(images, labels);
    }

    public static ImageSplit read(Path dir, SplitName split, HoldOut holdOut) {
        TaskSpec spec = spec(dir);
        if (split == SplitName.TEST || !files(dir, SplitName.VALIDATION).isEmpty()) {
            return new ImageSplit(spec, split, readSplit(dir, split, spec));
        }
        return new ImageSplit(spec, split, holdOut.split(readSplit(dir, SplitName.TRAIN, spec), false).get(split));
    }

    private static List<LabelledImage> readSplit(Path dir, SplitName split, TaskSpec spec) {
        Path imagesFile = imagesFile(dir, split);
        Path labelsFile = labelsFile(dir, split);
        if (imagesFile == null || labelsFile == null) {
            throw missing(dir, split, imagesFile == null ? "images" : "labels");
        }
        return read(imagesFile, labelsFile, spec.labelNames().size());
    }

    /** Pairs an images file with its labels file; counts must agree and labels lie below {@code classes}. */
    public static List<LabelledImage> read(Path imagesFile, Path labelsFile, int classes) {
        int[] shape = new int[3];
        byte[] pixels = data(imagesFile, 3, shape);
        byte[] labels = data(labelsFile, 1);
        if (labels.length != shape[0]) {
            throw new DataFormatException(labelsFile.toString(), labels.length + " labels for " + shape[0]
                    + " images in " + imagesFile.getFileName(), null);
        }
        int size = shape[1] * shape[2];
        List<LabelledImage> images = new ArrayList<>(shape[0]);
        for (int i = 0; i < shape[0]; i++) {
            int label = labels[i] & 0xFF;
            if (label >= classes) {
                throw new DataFormatException(labelsFile.toString(), "item " + (i + 1) + ": label " + label
                        + " outside [0, " + classes + ")", null);
            }
            Pixels image = new Pixels(shape[2], shape[1], 1, Arrays.copyOfRange(pixels, i * size, (i + 1) * size));
            images.add(new LabelledImage(new ImageRef.Decoded(imagesFile + " item " + (i + 1), image), label));
        }
        return images;
    }

    private static byte[] data(Path file, int dims) {
        return data(file, dims, new int[dims]);
    }

    /** The data section of an unsigned-byte IDX file of {@code dims} dimensions; its shape goes to {@code shape}. */
    private static byte[] data(Path file, int dims, int[] shape) {
        byte[] bytes = RecordFiles.read(file);
        int header = 4 + 4 * dims;
        if (bytes.length < header || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != UNSIGNED_BYTE
                || bytes[3] != dims) {
            throw new DataFormatException(file.toString(), "not an unsigned-byte IDX file of " + dims
                    + " dimension" + (dims == 1 ? "" : "s") + " (magic 0x0000080" + dims + ")", null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expected = 1;
        for (int d = 0; d < dims; d++) {
            shape[d] = buffer.getInt(4 + 4 * d);
            if (shape[d] < (d == 0 ? 0 : 1)) {
                throw new DataFormatException(file.toString(), "dimension " + d + " is " + shape[d], null);
            }
            expected *= shape[d];
        }
        if (bytes.length - header != expected) {
            throw new DataFormatException(file.toString(), "header says " + expected + " data bytes, the file has "
                    + (bytes.length - header) + " (truncated?)", null);
        }
        return Arrays.copyOfRange(bytes, header, bytes.length);
    }

    private static Path imagesFile(Path dir, SplitName split) {
        return RecordFiles.find(dir, names(split, "images", 3));
    }

    private static Path labelsFile(Path dir, SplitName split) {
        return RecordFiles.find(dir, names(split, "labels", 1));
    }

    private static List<String> names(SplitName split, String kind, int dims) {
        List<String> stems = split == SplitName.TEST ? List.of("test", "t10k") : List.of(split.fileStem());
        List<String> names = new ArrayList<>();
        for (String stem : stems) {
            names.add(stem + "-" + kind + "-idx" + dims + "-ubyte");
            names.add(stem + "-" + kind + ".idx" + dims + "-ubyte");
        }
        return names;
    }

    private static DataFormatException missing(Path dir, SplitName split, String kind) {
        return new DataFormatException(dir.toString(), "no IDX " + kind + " file for the " + split.fileStem()
                + " split (looked for " + names(split, kind, kind.equals("images") ? 3 : 1).getFirst()
                + "[.gz] and the other names in IdxReader's doc)", null);
    }
}
