package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tensor cache on a folder of real PNGs (CIFAR-10 test images): hits, misses on any change, damaged entries. */
class ImageCacheTest {

    @TempDir
    Path data;
    @TempDir
    Path cacheRoot;
    private static List<LabelledImage> cifar;

    @BeforeAll
    static void readCifar() {
        cifar = Cifar10Reader.readFile(Cifar10Reader.files(SharedData.cifar10(), SplitName.TEST).getFirst(), 10)
                .subList(0, 12);
    }

    @BeforeEach
    void writeImages() throws IOException {
        for (int i = 0; i < cifar.size(); i++) {
            write(data.resolve("train/c" + (i % 2)).resolve(String.format("%02d.png", i)), i);
        }
    }

    @Test
    void aSecondLoadReadsTheCacheAndEqualsTheFirst() {
        ImageSplit split = ImageFolderReader.read(data, SplitName.TRAIN, HoldOut.PAPER);
        ImagePreprocessing clip = ImagePreprocessing.clip(24);
        ImageCache cache = new ImageCache(cacheRoot);
        ImageTensors built = cache.load(split, clip, false);
        assertFalse(built.fromCache());
        assertTrue(Files.isRegularFile(cache.file(split, clip, false)));
        assertSame(built, cache.load(split, clip, false), "held in memory after the first load");

        ImageTensors read = new ImageCache(cacheRoot).load(split, clip, false);
        assertTrue(read.fromCache());
        assertEquals(12, read.count());
        assertEquals(List.of(24, 24), List.of(read.height(), read.width()));
        assertArrayEquals(built.pixels(), read.pixels());
        assertArrayEquals(split.classLabels(), read.labels());
        // the cache holds what preprocessing each image gives, in split order
        for (int i = 0; i < read.count(); i++) {
            assertArrayEquals(clip.apply(split.images().get(i).image().decode()), read.batch(i, i + 1));
        }
        assertEquals(List.of(), leftoverTempFiles());
    }

    @Test
    void aChangedSettingOrImageIsAMiss() throws IOException {
        ImageSplit split = ImageFolderReader.read(data, SplitName.TRAIN, HoldOut.PAPER);
        ImageCache cache = new ImageCache(cacheRoot);
        Path first = cache.file(split, ImagePreprocessing.clip(24), false);
        cache.load(split, ImagePreprocessing.clip(24), false);
        ImageTensors smaller = new ImageCache(cacheRoot).load(split, ImagePreprocessing.clip(16), false);
        assertFalse(smaller.fromCache());
        assertEquals(16, smaller.height());
        assertNotEquals(first, cache.file(split, ImagePreprocessing.clip(16), false));
        assertNotEquals(first, cache.file(split, ImagePreprocessing.clip(24), true));

        write(data.resolve("train/c0/00.png"), 5); // another picture under the same name
        ImageSplit edited = ImageFolderReader.read(data, SplitName.TRAIN, HoldOut.PAPER);
        assertNotEquals(first, cache.file(edited, ImagePreprocessing.clip(24), false));
        ImageTensors rebuilt = new ImageCache(cacheRoot).load(edited, ImagePreprocessing.clip(24), false);
        assertFalse(rebuilt.fromCache());
        assertArrayEquals(ImagePreprocessing.clip(24).apply(cifar.get(5).image().decode()), rebuilt.batch(0, 1));
    }

    @Test
    void aDamagedEntryIsRebuilt() throws IOException {
        ImageSplit split = ImageFolderReader.read(data, SplitName.TRAIN, HoldOut.PAPER);
        ImagePreprocessing clip = ImagePreprocessing.clip(16);
        ImageTensors built = new ImageCache(cacheRoot).load(split, clip, false);
        Path file = new ImageCache(cacheRoot).file(split, clip, false);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));
        ImageTensors again = new ImageCache(cacheRoot).load(split, clip, false);
        assertFalse(again.fromCache());
        assertArrayEquals(built.pixels(), again.pixels());
        assertTrue(new ImageCache(cacheRoot).load(split, clip, false).fromCache());
    }

    @Test
    void skippedImagesAreRememberedWithTheEntry() throws IOException {
        Path cut = data.resolve("train/c1/03.png");
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        ImageSplit split = ImageFolderReader.read(data, SplitName.TRAIN, HoldOut.PAPER);
        new ImageCache(cacheRoot).load(split, ImagePreprocessing.clip(16), true);
        ImageTensors read = new ImageCache(cacheRoot).load(split, ImagePreprocessing.clip(16), true);
        assertTrue(read.fromCache());
        assertEquals(11, read.count());
        assertEquals(1, read.skipped().size());
        assertTrue(read.skipped().getFirst().startsWith(cut + ": "), read.skipped().getFirst());
        for (int i = 0; i < read.count(); i++) { // the kept images close up, in split order
            assertArrayEquals(ImagePreprocessing.clip(16).apply(split.images().get(read.indices()[i]).image()
                    .decode()), read.batch(i, i + 1));
        }
    }

    private List<Path> leftoverTempFiles() {
        try (Stream<Path> files = Files.list(cacheRoot)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void write(Path file, int image) throws IOException {
        Files.createDirectories(file.getParent());
        Pixels pixels = cifar.get(image).image().decode();
        BufferedImage out = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                out.setRGB(x, y, pixels.at(0, y, x) << 16 | pixels.at(1, y, x) << 8 | pixels.at(2, y, x));
            }
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
