package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.checkpoint.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIP preprocessing against independent truth: Pillow's resize worked by hand on tiny rows, Pillow itself and HF's
 * steps in numpy on real CIFAR-10 images ({@code clip_preprocessing.py}, its output committed beside it), and the
 * pixel_values of ../shared/reference/clip_vision_tiny, made by another implementation from 8 CIFAR-10 test images.
 */
class ImagePreprocessingTest {

    private static List<LabelledImage> cifarTest;

    @BeforeAll
    static void readCifarTest() {
        cifarTest = Cifar10Reader.read(SharedData.cifar10(), SplitName.TEST, HoldOut.PAPER).images();
    }

    /**
     * Pillow's bicubic (a = -0.5) shrinking [10, 20, 30, 40] to 2 pixels: scale 2 stretches the kernel to support 4;
     * output 0 centres at 1.0 and weighs inputs 0..3 by k((x - 0.5) / 2) = k(-0.25), k(0.25), k(0.75), k(1.25) =
     * 0.8671875, 0.8671875, 0.2265625, -0.0703125 (sum 1.890625), giving 15.868 -> 16; output 1 (centre 3.0) the
     * mirror weights, 34.132 -> 34. Growing [0, 255] to 4 pixels (support 2, no stretch): centres 0.25, 0.75, 1.25,
     * 1.75 give weights (1.0882, -0.0882), (0.7929, 0.2071), (0.2071, 0.7929), (-0.0882, 1.0882), so -22.5 -> 0,
     * 52.8 -> 53, 202.2 -> 202, 277.5 -> 255 (Pillow 9.4 gives the same).
     */
    @Test
    void pillowBicubicByHand() {
        byte[] shrunk = PilResize.resize(new byte[] {10, 20, 30, 40}, 4, 1, 2, 1, PilResize.Filter.BICUBIC);
        assertArrayEquals(new byte[] {16, 34}, shrunk);
        byte[] grown = PilResize.resize(new byte[] {0, (byte) 255}, 2, 1, 4, 1, PilResize.Filter.BICUBIC);
        assertArrayEquals(new byte[] {0, 53, (byte) 202, (byte) 255}, grown);
        // the vertical pass uses the same kernel
        byte[] column = PilResize.resize(new byte[] {10, 20, 30, 40}, 1, 4, 1, 2, PilResize.Filter.BICUBIC);
        assertArrayEquals(new byte[] {16, 34}, column);
    }

    /** No resize (32 -> 32), no crop: (x / 255 - mean) / std; an independent PyTorch pipeline made these. */
    @Test
    void matchesTheClipVisionFixturesPixelValues() {
        Path fixture = Path.of(System.getProperty("evomerge.shared", "../shared"), "reference", "clip_vision_tiny",
                "inputs.safetensors");
        float[] expected = new float[8 * 3 * 32 * 32];
        try (SafetensorsFile inputs = SafetensorsFile.open(fixture)) {
            inputs.readFloats("pixel_values", 0, expected, 0, expected.length);
        }
        ImagePreprocessing clip = ImagePreprocessing.clip(32);
        int matched = 0;
        for (int i = 0; i < 8; i++) {
            float[] want = Arrays.copyOfRange(expected, i * 3072, (i + 1) * 3072);
            for (LabelledImage image : cifarTest) {
                float[] got = clip.apply(image.image().decode());
                if (maxDifference(want, got) < 1e-5) {
                    matched++;
                    break;
                }
            }
        }
        assertEquals(8, matched, "fixture images found among the CIFAR-10 test images, preprocessed alike");
    }

    /** Pillow's resize and HF's crop, rescale and normalise on real images, four settings (see the script). */
    @Test
    void matchesPillowAndHuggingFacesSteps() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("clip_preprocessing.json")) {
            cases = new ObjectMapper().readTree(in);
        }
        Pixels narrow = slice(cifarTest.get(0).image().decode(), 20);
        Pixels grey = new Pixels(32, 32, 1, Arrays.copyOf(cifarTest.get(1).image().decode().data(), 1024));
        List<Pixels> images = List.of(narrow, grey, cifarTest.get(2).image().decode(),
                cifarTest.get(3).image().decode());
        List<ImagePreprocessing> settings = List.of(ImagePreprocessing.clip(24),
                withCrop(ImagePreprocessing.clip(45), 40), withCrop(ImagePreprocessing.clip(13), 16),
                new ImagePreprocessing(true, 20, 0, 0, 2, false, 0, 0, true, 1 / 255.0, false,
                        List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)));
        for (int c = 0; c < 4; c++) {
            JsonNode node = cases.get(c);
            byte[] raw = Base64.getDecoder().decode(node.get("float32_le_base64").asText());
            float[] want = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(want);
            float[] got = settings.get(c).apply(images.get(c));
            int[] shape = settings.get(c).outputShape(images.get(c).width(), images.get(c).height());
            assertEquals(node.get("shape").get(1).asInt(), shape[0], node.get("case").asText());
            assertEquals(node.get("shape").get(2).asInt(), shape[1], node.get("case").asText());
            assertEquals(want.length, got.length, node.get("case").asText());
            assertTrue(maxDifference(want, got) <= 1e-6, node.get("case") + ": " + maxDifference(want, got));
        }
    }

    /** openai/clip-vit-base-patch32's preprocessor_config.json as published, and the older flat form. */
    @Test
    void readsHuggingFaceConfigs(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ImagePreprocessing.CONFIG_FILE), """
                {"crop_size": {"height": 224, "width": 224}, "do_center_crop": true, "do_convert_rgb": true,
                 "do_normalize": true, "do_rescale": true, "do_resize": true,
                 "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_processor_type": "CLIPImageProcessor",
                 "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3,
                 "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 224}}
                """);
        assertEquals(ImagePreprocessing.clip(224), ImagePreprocessing.read(dir, null));
        Files.writeString(dir.resolve(ImagePreprocessing.CONFIG_FILE), """
                {"crop_size": 224, "do_center_crop": true, "do_normalize": true, "do_resize": true,
                 "feature_extractor_type": "CLIPFeatureExtractor", "resample": 3, "size": 224}
                """);
        assertEquals(ImagePreprocessing.clip(224), ImagePreprocessing.read(dir, null));
        assertEquals(ImagePreprocessing.clip(32), ImagePreprocessing.read(dir.resolve("none"),
                ImagePreprocessing.clip(32)));
        Files.writeString(dir.resolve(ImagePreprocessing.CONFIG_FILE), "{\"size\": {\"shortest_edge\": 0}}");
        assertEquals(dir.resolve(ImagePreprocessing.CONFIG_FILE) + ": size.shortest_edge: must be a positive"
                + " integer, found 0", assertThrows(DataFormatException.class,
                () -> ImagePreprocessing.read(dir, null)).getMessage());
        Files.writeString(dir.resolve(ImagePreprocessing.CONFIG_FILE), "{\"resample\": 1}");
        assertEquals(dir.resolve(ImagePreprocessing.CONFIG_FILE) + ": resample 1 is not 2 (bilinear) or 3"
                + " (bicubic)", assertThrows(DataFormatException.class,
                () -> ImagePreprocessing.read(dir, null)).getMessage());
    }

    @Test
    void theHashFollowsEverySetting() {
        assertEquals(ImagePreprocessing.clip(32).hash(), ImagePreprocessing.clip(32).hash());
        assertNotEquals(ImagePreprocessing.clip(32).hash(), ImagePreprocessing.clip(33).hash());
        assertNotEquals(ImagePreprocessing.clip(32).hash(), withCrop(ImagePreprocessing.clip(32), 30).hash());
    }

    private static ImagePreprocessing withCrop(ImagePreprocessing p, int crop) {
        return new ImagePreprocessing(p.doResize(), p.shortestEdge(), p.height(), p.width(), p.resample(), true,
                crop, crop, p.doRescale(), p.rescaleFactor(), p.doNormalize(), p.imageMean(), p.imageStd());
    }

    /** Columns [0, width) of an RGB image. */
    private static Pixels slice(Pixels image, int width) {
        byte[] data = new byte[3 * image.height() * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < width; x++) {
                    data[(c * image.height() + y) * width + x] = (byte) image.at(c, y, x);
                }
            }
        }
        return new Pixels(width, image.height(), 3, data);
    }

    private static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
