package io.evomerge.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * CLIP's image preprocessing as Hugging Face's CLIPImageProcessor does it, in its order: grey to RGB, resize
 * (Pillow's resampling, see {@link PilResize}) so the shortest side is {@code shortestEdge} (the long side
 * int(edge · long / short), truncated), or to exactly {@code height × width} when the config gives those; centre
 * crop with HF's rounding (top = (H − h) // 2, floor; zero padding when the crop is larger, placed at ceil((h − H) /
 * 2)); rescale (in float64, then float32, as HF's rescale); normalise ((x − mean) / std in float32). Output is planar
 * [3][cropHeight][cropWidth]. A {@code height}/{@code width} of 0 means "not set" (the shortest-edge rule applies).
 */
public record ImagePreprocessing(boolean doResize, int shortestEdge, int height, int width, int resample,
                                 boolean doCenterCrop, int cropHeight, int cropWidth, boolean doRescale,
                                 double rescaleFactor, boolean doNormalize, List<Double> imageMean,
                                 List<Double> imageStd) {

    /** The file a Hugging Face model folder keeps its image processor's settings in. */
    public static final String CONFIG_FILE = "preprocessor_config.json";
    private static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    private static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);
    private static final ObjectMapper JSON = new ObjectMapper();

    public ImagePreprocessing {
        imageMean = List.copyOf(imageMean);
        imageStd = List.copyOf(imageStd);
        if (resample != 2 && resample != 3) {
            throw new IllegalArgumentException("resample " + resample + " is not 2 (bilinear) or 3 (bicubic)");
        }
        if (doResize && (shortestEdge < 1 && (height < 1 || width < 1))) {
            throw new IllegalArgumentException("resizing needs size.shortest_edge or size.height and size.width");
        }
        if (doCenterCrop && (cropHeight < 1 || cropWidth < 1)) {
            throw new IllegalArgumentException("crop_size must be positive, got " + cropHeight + "x" + cropWidth);
        }
        if (imageMean.size() != 3 || imageStd.size() != 3 || imageStd.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("image_mean and image_std need 3 values each, std > 0");
        }
    }

    /** openai/clip-vit-base-patch32's processor at side {@code side}: resize shortest edge, crop side × side. */
    public static ImagePreprocessing clip(int side) {
        return new ImagePreprocessing(true, side, 0, 0, 3, true, side, side, true, 1 / 255.0, true, CLIP_MEAN,
                CLIP_STD);
    }

    /**
     * The folder's {@code preprocessor_config.json} when it has one, else {@code fallback}. Keys as HF writes them
     * ({@code size} as {@code {"shortest_edge": N}}, {@code {"height", "width"}} or a bare number; {@code
     * crop_size} as {@code {"height", "width"}} or a number); absent keys take CLIPImageProcessor's defaults.
     */
    public static ImagePreprocessing read(Path folder, ImagePreprocessing fallback) {
        Path file = folder.resolve(CONFIG_FILE);
        return Files.isRegularFile(file) ? read(file) : fallback;
    }

    public static ImagePreprocessing read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new DataFormatException(file.toString(), "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot read (" + IoErrors.reason(e) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new DataFormatException(file.toString(), "expected a JSON object", null);
        }
        int shortestEdge = 224;
        int height = 0;
        int width = 0;
        JsonNode size = root.get("size");
        if (size != null && size.isObject() && size.has("shortest_edge")) {
            shortestEdge = positive(file, size, "shortest_edge", "size.shortest_edge");
        } else if (size != null && size.isObject()) {
            shortestEdge = 0;
            height = positive(file, size, "height", "size.height");
            width = positive(file, size, "width", "size.width");
        } else if (size != null) {
            shortestEdge = positive(file, root, "size", "size");
        }
        int cropHeight = 224;
        int cropWidth = 224;
        JsonNode crop = root.get("crop_size");
        if (crop != null && crop.isObject()) {
            cropHeight = positive(file, crop, "height", "crop_size.height");
            cropWidth = positive(file, crop, "width", "crop_size.width");
        } else if (crop != null) {
            cropHeight = cropWidth = positive(file, root, "crop_size", "crop_size");
        }
        try {
            return new ImagePreprocessing(bool(file, root, "do_resize"), shortestEdge, height, width,
                    root.has("resample") ? positive(file, root, "resample", "resample") : 3,
                    bool(file, root, "do_center_crop"), cropHeight, cropWidth, bool(file, root, "do_rescale"),
                    root.has("rescale_factor") ? number(file, root, "rescale_factor") : 1 / 255.0,
                    bool(file, root, "do_normalize"), triple(file, root, "image_mean", CLIP_MEAN),
                    triple(file, root, "image_std", CLIP_STD));
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file.toString(), e.getMessage(), e);
        }
    }

    /** These settings as Hugging Face writes a CLIPImageProcessor's {@code preprocessor_config.json}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("image_processor_type", "CLIPImageProcessor");
        root.put("do_resize", doResize);
        ObjectNode size = root.putObject("size");
        if (shortestEdge > 0) {
            size.put("shortest_edge", shortestEdge);
        } else {
            size.put("height", height).put("width", width);
        }
        root.put("resample", resample);
        root.put("do_center_crop", doCenterCrop);
        root.putObject("crop_size").put("height", cropHeight).put("width", cropWidth);
        root.put("do_rescale", doRescale);
        root.put("rescale_factor", rescaleFactor);
        root.put("do_normalize", doNormalize);
        imageMean.forEach(root.withArray("image_mean")::add);
        imageStd.forEach(root.withArray("image_std")::add);
        root.put("do_convert_rgb", true);
        return root.toPrettyString();
    }

    /** [3][outHeight][outWidth] floats, planar. */
    public float[] apply(Pixels image) {
        int w = image.width();
        int h = image.height();
        byte[][] planes = new byte[image.channels()][];
        for (int c = 0; c < planes.length; c++) {
            planes[c] = java.util.Arrays.copyOfRange(image.data(), c * w * h, (c + 1) * w * h);
        }
        if (doResize) {
            int[] target = resizedSize(w, h);
            PilResize.Filter filter = resample == 3 ? PilResize.Filter.BICUBIC : PilResize.Filter.BILINEAR;
            for (int c = 0; c < planes.length; c++) {
                planes[c] = PilResize.resize(planes[c], w, h, target[0], target[1], filter);
            }
            w = target[0];
            h = target[1];
        }
        int outH = doCenterCrop ? cropHeight : h;
        int outW = doCenterCrop ? cropWidth : w;
        // HF: top = (H - h) // 2 (floor); a crop larger than the image pads with zeros at ceil((h - H) / 2)
        int top = Math.floorDiv(h - outH, 2);
        int left = Math.floorDiv(w - outW, 2);
        float[] out = new float[3 * outH * outW];
        for (int c = 0; c < 3; c++) {
            byte[] plane = planes[planes.length == 1 ? 0 : c];
            float mean = (float) (double) imageMean.get(c);
            float std = (float) (double) imageStd.get(c);
            for (int y = 0; y < outH; y++) {
                int sy = y + top;
                for (int x = 0; x < outW; x++) {
                    int sx = x + left;
                    int v = sy >= 0 && sy < h && sx >= 0 && sx < w ? plane[sy * w + sx] & 0xFF : 0;
                    float value = doRescale ? (float) (v * rescaleFactor) : v;
                    out[(c * outH + y) * outW + x] = doNormalize ? (value - mean) / std : value;
                }
            }
        }
        return out;
    }

    /** The output's height and width. */
    public int[] outputShape(int imageWidth, int imageHeight) {
        int[] resized = doResize ? resizedSize(imageWidth, imageHeight) : new int[] {imageWidth, imageHeight};
        return doCenterCrop ? new int[] {cropHeight, cropWidth} : new int[] {resized[1], resized[0]};
    }

    /** A short hash of every setting, naming cached tensors. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {width, height} after resizing, by HF's get_resize_output_image_size (default_to_square=False). */
    private int[] resizedSize(int w, int h) {
        if (shortestEdge < 1) {
            return new int[] {width, height};
        }
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        int newLong = (int) ((double) ((long) shortestEdge * longSide) / shortSide);
        return w <= h ? new int[] {shortestEdge, newLong} : new int[] {newLong, shortestEdge};
    }

    private static boolean bool(Path file, JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null) {
            return true; // CLIPImageProcessor's default for every do_* flag
        }
        if (!value.isBoolean()) {
            throw new DataFormatException(file.toString(), key + ": must be true or false, found " + value, null);
        }
        return value.asBoolean();
    }

    private static int positive(Path file, JsonNode node, String key, String path) {
        JsonNode value = node.get(key);
        if (value == null || !value.canConvertToExactIntegral() || value.asInt() < 1) {
            throw new DataFormatException(file.toString(), path + ": must be a positive integer, found " + value,
                    null);
        }
        return value.asInt();
    }

    private static double number(Path file, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() <= 0) {
            throw new DataFormatException(file.toString(), key + ": must be a positive number, found " + value, null);
        }
        return value.asDouble();
    }

    private static List<Double> triple(Path file, JsonNode root, String key, List<Double> fallback) {
        JsonNode value = root.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isArray() || value.size() != 3) {
            throw new DataFormatException(file.toString(), key + ": must be a list of 3 numbers, found " + value,
                    null);
        }
        List<Double> numbers = new java.util.ArrayList<>();
        for (JsonNode n : value) {
            if (!n.isNumber()) {
                throw new DataFormatException(file.toString(), key + ": must be a list of 3 numbers, found " + value,
                        null);
            }
            numbers.add(n.asDouble());
        }
        return numbers;
    }
}
