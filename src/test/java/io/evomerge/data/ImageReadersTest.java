package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image readers on real images: the CIFAR-10 subset in ../shared (its README gives the counts), and files
 * written from its pixels as IDX, PNG, BMP, JPEG and GIF; damaged files are real files cut short.
 */
class ImageReadersTest {

    private static List<LabelledImage> cifarTest;

    @BeforeAll
    static void readCifarTest() {
        cifarTest = Cifar10Reader.read(SharedData.cifar10(), SplitName.TEST, HoldOut.PAPER).images();
    }

    @Test
    void cifar10TestSplitHas500ImagesPerClass() {
        ImageSplit test = Cifar10Reader.read(SharedData.cifar10(), SplitName.TEST, HoldOut.PAPER);
        assertEquals(Cifar10Reader.LABELS, test.task().labelNames());
        assertEquals(5000, test.size());
        int[] perClass = new int[10];
        for (int label : test.classLabels()) {
            perClass[label]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 500);
        assertArrayEquals(expected, perClass);
        Pixels first = test.images().getFirst().image().decode();
        assertEquals(List.of(32, 32, 3), List.of(first.width(), first.height(), first.channels()));
    }

    /** The subset has no validation split: the paper's rule carves 10 % of train's 20,000 (under the 5,000 cap). */
    @Test
    @Tag("slow")
    void cifar10ValidationIsCarvedFromTrain() {
        List<String> train = names(Cifar10Reader.read(SharedData.cifar10(), SplitName.TRAIN, HoldOut.PAPER));
        List<String> validation = names(Cifar10Reader.read(SharedData.cifar10(), SplitName.VALIDATION,
                HoldOut.PAPER));
        assertEquals(18_000, train.size());
        assertEquals(2_000, validation.size());
        Set<String> all = new HashSet<>(train);
        all.addAll(validation);
        assertEquals(20_000, all.size());
    }

    @Test
    void aTruncatedCifarFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("test.bin");
        Files.write(file, new byte[3073 * 2 + 100]);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Cifar10Reader.read(dir, SplitName.TEST, HoldOut.PAPER));
        assertEquals(file + ": 6246 bytes is not a whole number of 3073-byte CIFAR-10 records (truncated or not"
                + " CIFAR-10)", e.getMessage());
    }

    /** IDX files written by hand from the spec (magic, big-endian sizes, data) hold CIFAR's red planes. */
    @Test
    void idxReadsImagesAndLabelsGzippedOrNot(@TempDir Path dir) throws IOException {
        int n = 40;
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), redPlanes(0, n), n, 32, 32);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), labels(0, n), n);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte"), redPlanes(n, 10), 10, 32, 32);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte"), labels(n, 10), 10);
        ImageSplit train = IdxReader.read(dir, SplitName.TRAIN, HoldOut.PAPER);
        ImageSplit validation = IdxReader.read(dir, SplitName.VALIDATION, HoldOut.PAPER);
        ImageSplit test = IdxReader.read(dir, SplitName.TEST, HoldOut.PAPER);
        assertEquals(List.of(36, 4, 10), List.of(train.size(), validation.size(), test.size()));
        assertEquals(dir.getFileName().toString(), train.task().name());
        int maxLabel = 0;
        for (byte label : labels(0, n)) {
            maxLabel = Math.max(maxLabel, label);
        }
        assertEquals(maxLabel + 1, train.task().labelNames().size());
        Pixels first = test.images().getFirst().image().decode();
        Pixels cifar = cifarTest.get(n).image().decode();
        assertEquals(1, first.channels());
        for (int i = 0; i < 32 * 32; i++) {
            assertEquals(cifar.data()[i], first.data()[i]);
        }
        assertEquals(cifarTest.get(n).label(), test.images().getFirst().label());
    }

    @Test
    void badIdxFilesAreNamed(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("test-images-idx3-ubyte");
        Path labels = dir.resolve("test-labels-idx1-ubyte");
        writeIdx(images, Arrays.copyOf(redPlanes(0, 3), 3 * 1024 - 7), 3, 32, 32);
        writeIdx(labels, labels(0, 3), 3);
        assertEquals(images + ": header says 3072 data bytes, the file has 3065 (truncated?)",
                assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels, 10)).getMessage());
        writeIdx(images, redPlanes(0, 3), 3, 32, 32);
        writeIdx(labels, labels(0, 2), 2);
        assertEquals(labels + ": 2 labels for 3 images in test-images-idx3-ubyte",
                assertThrows(DataFormatException.class, () -> IdxReader.read(images, labels, 10)).getMessage());
        assertTrue(assertThrows(DataFormatException.class, () -> IdxReader.read(labels, images, 10)).getMessage()
                .startsWith(labels + ": not an unsigned-byte IDX file of 3 dimensions"));
    }

    /** Lossless formats give back CIFAR's bytes exactly; JPEG within its quantisation; split folders as stored. */
    @Test
    void imageFoldersReadEveryFormat(@TempDir Path dir) throws IOException {
        List<String> formats = List.of("png", "bmp", "gif", "jpg");
        for (int i = 0; i < 24; i++) {
            String split = i < 16 ? "train" : i < 20 ? "validation" : "test";
            LabelledImage image = cifarTest.get(i);
            String format = formats.get(i % 4);
            Path file = dir.resolve(split).resolve(Cifar10Reader.LABELS.get(image.label()))
                    .resolve(String.format("%02d.%s", i, format));
            Files.createDirectories(file.getParent());
            BufferedImage written = format.equals("gif") ? grey(image.image().decode()) : rgb(image.image().decode());
            assertTrue(ImageIO.write(written, format, file.toFile()), format);
        }
        TaskSpec spec = ImageFolderReader.spec(dir);
        ImageSplit train = ImageFolderReader.read(dir, SplitName.TRAIN, HoldOut.PAPER);
        assertEquals(16, train.size());
        assertEquals(4, ImageFolderReader.read(dir, SplitName.VALIDATION, HoldOut.PAPER).size());
        assertEquals(4, ImageFolderReader.read(dir, SplitName.TEST, HoldOut.PAPER).size());
        assertEquals(spec.labelNames().stream().sorted().toList(), spec.labelNames());
        assertEquals(24, ImageFolderReader.files(dir).size());
        for (LabelledImage read : train.images()) {
            Path file = ((ImageRef.File) read.image()).path();
            LabelledImage original = cifarTest.get(Integer.parseInt(file.getFileName().toString().substring(0, 2)));
            assertEquals(Cifar10Reader.LABELS.get(original.label()), spec.labelNames().get(read.label()));
            Pixels got = read.image().decode();
            Pixels want = original.image().decode();
            String name = file.getFileName().toString();
            if (name.endsWith(".gif")) {
                byte[] grey = bytes(grey(want)); // read back through a palette: three equal planes
                for (int c = 0; c < got.channels(); c++) {
                    assertArrayEquals(grey, Arrays.copyOfRange(got.data(), c * 1024, (c + 1) * 1024), name);
                }
            } else if (name.endsWith(".jpg")) {
                double error = 0;
                for (int k = 0; k < want.data().length; k++) {
                    error += Math.abs((got.data()[k] & 0xFF) - (want.data()[k] & 0xFF));
                }
                assertTrue(error / want.data().length < 12, name + " mean error " + error / want.data().length);
            } else {
                assertArrayEquals(want.data(), got.data(), name);
            }
        }
    }

    /** One folder of class folders: the hold-out carves test 20 %, validation 10 % of the rest, seeded. */
    @Test
    void oneFolderIsSplitByTheSeededRule(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 60; i++) {
            Path file = dir.resolve("c" + (i % 3)).resolve(i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(rgb(cifarTest.get(i).image().decode()), "png", file.toFile());
        }
        Files.writeString(dir.resolve("LICENSE"), "beside the class folders, not read");
        List<String> train = names(ImageFolderReader.read(dir, SplitName.TRAIN, HoldOut.PAPER));
        List<String> validation = names(ImageFolderReader.read(dir, SplitName.VALIDATION, HoldOut.PAPER));
        List<String> test = names(ImageFolderReader.read(dir, SplitName.TEST, HoldOut.PAPER));
        assertEquals(List.of(43, 5, 12), List.of(train.size(), validation.size(), test.size()));
        Set<String> all = new HashSet<>(train);
        all.addAll(validation);
        all.addAll(test);
        assertEquals(60, all.size());
        assertEquals(test, names(ImageFolderReader.read(dir, SplitName.TEST, HoldOut.PAPER)));
        assertTrue(!test.equals(names(ImageFolderReader.read(dir, SplitName.TEST,
                new HoldOut(0.1, 5000, 0.2, 1)))));
    }

    @Test
    void aFileThatIsNoImageInAClassFolderIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("b/notes.txt"), "x");
        assertEquals(dir.resolve("b/notes.txt") + ": not a .png, .jpg, .jpeg, .bmp or .gif file; a class folder"
                + " holds images only", assertThrows(DataFormatException.class,
                () -> ImageFolderReader.read(dir, SplitName.TRAIN, HoldOut.PAPER)).getMessage());
    }

    /** A real PNG and a real JPEG cut in half: the task stops naming the file, or they are counted and named. */
    @Test
    void damagedImagesStopTheTaskOrAreSkippedAndReported(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 6; i++) {
            String format = i % 2 == 0 ? "png" : "jpg";
            Path file = dir.resolve("train/c" + (i % 2)).resolve(i + "." + format);
            Files.createDirectories(file.getParent());
            ImageIO.write(rgb(cifarTest.get(i).image().decode()), format, file.toFile());
        }
        Files.createDirectories(dir.resolve("validation"));
        Files.createDirectories(dir.resolve("test"));
        for (String cut : List.of("train/c0/2.png", "train/c1/3.jpg")) {
            byte[] whole = Files.readAllBytes(dir.resolve(cut));
            Files.write(dir.resolve(cut), Arrays.copyOf(whole, whole.length / 2));
        }
        List<LabelledImage> all = ImageFolderReader.read(dir, SplitName.TRAIN, HoldOut.PAPER).images();
        assertEquals(6, all.size());

        DataFormatException stop = assertThrows(DataFormatException.class,
                () -> ImageDecoding.decode(all, false, Function.identity()));
        assertTrue(stop.getMessage().startsWith(dir.resolve("train/c0/2.png") + ": "), stop.getMessage());
        assertTrue(!stop.getMessage().contains("\n"));

        ImageDecoding.Result<Pixels> kept = ImageDecoding.decode(all, true, Function.identity());
        assertEquals(4, kept.values().size());
        assertEquals(2, kept.skipped().size());
        assertTrue(kept.skipped().get(0).startsWith(dir.resolve("train/c0/2.png") + ": "), kept.skipped().get(0));
        assertTrue(kept.skipped().get(1).startsWith(dir.resolve("train/c1/3.jpg") + ": "),
                kept.skipped().get(1));
        assertTrue(kept.skipReport().startsWith("2 of 6 images could not be read and were left out: "));
        assertArrayEquals(new int[] {0, 2, 3, 5}, kept.indices());
    }

    private static List<String> names(ImageSplit split) {
        return split.images().stream().map(image -> image.image().name()).toList();
    }

    private static byte[] redPlanes(int from, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < from + count; i++) {
            out.write(cifarTest.get(i).image().decode().data(), 0, 1024);
        }
        return out.toByteArray();
    }

    private static byte[] labels(int from, int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) cifarTest.get(from + i).label();
        }
        return labels;
    }

    private static void writeIdx(Path file, byte[] data, int... shape) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * shape.length);
        header.put(new byte[] {0, 0, 0x08, (byte) shape.length});
        for (int size : shape) {
            header.putInt(size);
        }
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(header.array());
            out.write(data);
        }
    }

    private static BufferedImage rgb(Pixels pixels) {
        BufferedImage image = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < pixels.height(); y++) {
            for (int x = 0; x < pixels.width(); x++) {
                image.setRGB(x, y, pixels.at(0, y, x) << 16 | pixels.at(1, y, x) << 8 | pixels.at(2, y, x));
            }
        }
        return image;
    }

    /** The red plane as a grey image (GIF holds 256 colours, so grey round-trips exactly). */
    private static BufferedImage grey(Pixels pixels) {
        BufferedImage image = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < pixels.height(); y++) {
            for (int x = 0; x < pixels.width(); x++) {
                image.getRaster().setSample(x, y, 0, pixels.at(0, y, x));
            }
        }
        return image;
    }

    private static byte[] bytes(BufferedImage grey) {
        byte[] out = new byte[grey.getWidth() * grey.getHeight()];
        grey.getRaster().getDataElements(0, 0, grey.getWidth(), grey.getHeight(), out);
        return out;
    }
}
