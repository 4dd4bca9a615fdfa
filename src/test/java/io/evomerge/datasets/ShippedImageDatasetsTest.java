package io.evomerge.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.data.HoldOut;
import io.evomerge.data.ImageCache;
import io.evomerge.data.ImageDecoding;
import io.evomerge.data.ImageOptions;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.ImageSplit;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.LabelledImage;
import io.evomerge.data.Pixels;
import io.evomerge.data.SplitName;
import io.evomerge.population.FinetuneConfig;
import io.evomerge.population.TaskConfig;
import io.evomerge.population.TaskSource;
import io.evomerge.data.PairEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the committed image tasks in datasets/ through the task-source registry (see datasets/README.md). */
@Tag("slow")
class ShippedImageDatasetsTest {

    private static final Path DATASETS = Path.of("datasets");

    /** IDX tasks: counts as task.json records them, every class in every split, the stated image size. */
    @ParameterizedTest
    @CsvSource({"fashion, 28, 100", "mnist, 28, 100", "digits_opencv, 20, 100", "digits_uci, 8, 0"})
    void idxTasksHaveTheirCountsClassesAndSizes(String task, int side, int trainPerClass) throws IOException {
        Path dir = DATASETS.resolve(task);
        JsonNode counts = new ObjectMapper().readTree(dir.resolve("task.json").toFile()).get("counts");
        TaskConfig config = config(task, TaskSource.IDX, dir);
        for (String file : List.of("train-images-idx3-ubyte.gz", "validation-labels-idx1-ubyte.gz",
                "test-images-idx3-ubyte.gz")) {
            assertTrue(config.dataFiles().contains(dir.resolve(file)), file);
        }
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (SplitName name : SplitName.values()) {
            ImageSplit split = config.readImages(name);
            assertEquals(task, split.task().name());
            assertEquals(10, split.task().labelNames().size());
            assertEquals(counts.get(name.fileStem()).asInt(), split.size(), task + " " + name);
            int[] perClass = new int[10];
            for (LabelledImage image : split.images()) {
                perClass[image.label()]++;
                Pixels pixels = image.image().decode();
                assertEquals(List.of(side, side, 1), List.of(pixels.width(), pixels.height(), pixels.channels()));
                repeats += seen.add(Arrays.toString(pixels.data())) ? 0 : 1;
            }
            assertTrue(Arrays.stream(perClass).allMatch(n -> n > 0), task + " " + name + " lacks a class");
            if (trainPerClass > 0 && name == SplitName.TRAIN) {
                assertTrue(Arrays.stream(perClass).allMatch(n -> n == trainPerClass), Arrays.toString(perClass));
            }
        }
        // UCI's 8x8 digits at 17 grey levels repeat a few times within the set; the others are distinct
        assertTrue(task.equals("digits_uci") ? repeats < 20 : repeats == 0, task + ": " + repeats + " repeats");
    }

    /** Emoji: 9 categories × 50 of the package's PNGs, all decodable, split by the task's hold-out rule. */
    @Test
    void emojiIsAFolderOfDecodablePngsSplitByTheHoldOut() {
        TaskConfig config = config("emoji", TaskSource.IMAGE_FOLDER, DATASETS.resolve("emoji"));
        assertEquals(450 + 1, config.dataFiles().size()); // the images and task.json
        int total = 0;
        int[] sizes = new int[3];
        int greyOnes = 0;
        for (SplitName name : SplitName.values()) {
            ImageSplit split = config.readImages(name);
            assertEquals(9, split.task().labelNames().size());
            ImageDecoding.Result<Pixels> decoded = ImageDecoding.decode(split.images(), false, Function.identity());
            for (Pixels pixels : decoded.values()) {
                assertEquals(List.of(64, 64), List.of(pixels.width(), pixels.height()));
                greyOnes += pixels.channels() == 1 ? 1 : 0; // a few are grey-and-alpha PNGs
            }
            sizes[name.ordinal()] = split.size();
            total += split.size();
        }
        assertEquals(450, total);
        assertEquals(List.of(324, 36, 90), Arrays.stream(sizes).boxed().toList());
        assertTrue(greyOnes < 450 / 10, greyOnes + " grey images");
    }

    /** Subsets as text tasks take them, and tensors through the cache: the subset's images, preprocessed once. */
    @Test
    void subsetsAndCachedTensors(@TempDir Path cacheRoot) {
        TaskConfig limited = new TaskConfig("mnist", TaskSource.IDX, DATASETS.resolve("mnist"), null, 120, 40, 1,
                FinetuneConfig.DEFAULT, PairEncoding.CROSS_ENCODER, ImageOptions.DEFAULT);
        ImageSplit train = limited.readImages(SplitName.TRAIN, 42);
        assertEquals(120, train.size());
        assertEquals(names(train), names(limited.readImages(SplitName.TRAIN, 42)));
        assertEquals(120, new HashSet<>(names(train)).size());
        assertTrue(!names(train).equals(names(limited.readImages(SplitName.TRAIN, 43))));
        assertEquals(500, limited.readImages(SplitName.TEST, 42).size());

        ImageCache cache = new ImageCache(cacheRoot);
        ImagePreprocessing clip = ImagePreprocessing.clip(32);
        ImageTensors validation = limited.imageTensors(SplitName.VALIDATION, 42, clip, cache);
        assertEquals(40, validation.count());
        assertEquals(List.of(32, 32), List.of(validation.height(), validation.width()));
        assertArrayEquals(limited.readImages(SplitName.VALIDATION, 42).classLabels(), validation.labels());
        assertTrue(limited.imageTensors(SplitName.VALIDATION, 42, clip, new ImageCache(cacheRoot)).fromCache());
    }

    private static List<String> names(ImageSplit split) {
        return split.images().stream().map(image -> image.image().name()).toList();
    }

    private static TaskConfig config(String name, TaskSource source, Path dir) {
        return new TaskConfig(name, source, dir, null, null, null, 1, FinetuneConfig.DEFAULT,
                PairEncoding.CROSS_ENCODER, new ImageOptions(HoldOut.PAPER, false));
    }

    static {
        assertTrue(Files.isDirectory(DATASETS), "run from the repository root");
    }
}
