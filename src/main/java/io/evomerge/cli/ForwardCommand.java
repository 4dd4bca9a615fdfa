package io.evomerge.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.data.ImageFiles;
import io.evomerge.data.ImagePreprocessing;
import io.evomerge.data.Pixels;
import io.evomerge.model.ClipConfigJson;
import io.evomerge.model.Encoder;
import io.evomerge.model.EncoderKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code evomerge forward MODEL --inputs IN --out OUT}: an encoder's HF outputs for the inputs in a safetensors file. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Run an encoder from a Hugging Face folder on the tensors of a safetensors file and write HF's "
                + "outputs (last_hidden_state, pooler_output, image_embeds/text_embeds where the model has them).")
final class ForwardCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "MODEL", description = "A Hugging Face model folder (config.json and model.safetensors or shards).")
    Path model;

    @Option(names = "--inputs", paramLabel = "IN.safetensors",
            description = "pixel_values [batch, channels, size, size] (float, already normalised), or input_ids "
                    + "[batch, seq] (integer) with optional attention_mask and token_type_ids; other tensors are ignored.")
    Path inputs;

    @Option(names = "--images", arity = "1..*", paramLabel = "IMAGE|DIR",
            description = "Instead of --inputs, for a CLIP vision tower: PNG/JPEG/BMP/GIF files, or folders of them "
                    + "(all levels, sorted by path), preprocessed as the model folder's preprocessor_config.json says "
                    + "(without one: CLIP's recipe at the tower's image_size). The output's metadata 'images' lists "
                    + "the files, one per row.")
    List<Path> images;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "Output file (F32), written atomically.")
    Path out;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Rows per forward pass (default 32).")
    int batchSize;

    @Spec
    CommandSpec spec;

    /** One input tensor as read: its shape and, by type, the values. */
    private record Input(long[] shape, float[] floats, long[] longs) {
        long rows() {
            return shape[0];
        }

        long rowSize() {
            return Arrays.stream(shape).skip(1).reduce(1, Math::multiplyExact);
        }
    }

    /** Lists the encoder registry under the command's help. */
    static void addEncoderTable(CommandLine forward) {
        forward.getCommandSpec().usageMessage().footer("%nEncoders (config.json model_type) and the inputs they take:%n"
                + EncoderKind.table().replace("%", "%%").replace("\n", "%n"));
    }

    @Override
    public Integer call() {
        if (batchSize < 1) throw new EvomergeException("--batch-size: must be at least 1, was " + batchSize);
        if (!out.getFileName().toString().endsWith(".safetensors")) {
            throw new EvomergeException("--out: " + out + " must be a .safetensors file");
        }
        if ((inputs == null) == (images == null)) {
            throw new EvomergeException("forward: give --inputs IN.safetensors or --images, "
                    + (inputs == null ? "one of them" : "not both"));
        }
        Map<String, String> metadata = new LinkedHashMap<>(Map.of("format", "pt", "model", model.toString()));
        Map<String, Input> in = inputs != null ? readInputs() : readImages(metadata);
        String main = in.containsKey(Encoder.PIXEL_VALUES) ? Encoder.PIXEL_VALUES : Encoder.INPUT_IDS;
        EncoderKind kind = EncoderKind.of(model, main);
        for (String name : in.keySet()) {
            if (!name.equals(main) && !kind.optionalInputs().contains(name)) {
                throw new EvomergeException(source() + ": " + name + ": the " + kind.description() + " takes no "
                        + name + " (it takes " + main + String.join("", kind.optionalInputs().stream()
                        .map(n -> ", " + n).toList()) + ")");
            }
        }
        long t0 = System.nanoTime();
        Map<String, float[]> outputs = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long rows = in.get(main).rows();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Encoder encoder = kind.load(model, manager);
            for (long start = 0; start < rows; start += batchSize) {
                int n = (int) Math.min(batchSize, rows - start);
                try (NDManager batch = manager.newSubManager()) {
                    Map<String, NDArray> arrays = new LinkedHashMap<>();
                    for (var e : in.entrySet()) arrays.put(e.getKey(), slice(batch, e.getValue(), start, n));
                    Map<String, NDArray> result;
                    try {
                        result = encoder.run(arrays);
                    } catch (IllegalArgumentException e) {
                        throw new EvomergeException(source() + ": " + e.getMessage(), e);
                    }
                    for (var e : result.entrySet()) collect(e.getKey(), e.getValue(), start, rows, outputs, shapes);
                }
            }
        }
        write(outputs, shapes, metadata);
        spec.commandLine().getOut().printf("%s: %d rows through the %s in %.1f s; wrote %s to %s%n", model, rows,
                kind.description(), (System.nanoTime() - t0) / 1e9, String.join(", ", outputs.keySet()), out);
        return 0;
    }

    /** What the rows came from, for messages. */
    private String source() {
        return inputs != null ? inputs.toString() : "--images";
    }

    /** pixel_values of the image files, preprocessed for the model, and their paths in {@code metadata}. */
    private Map<String, Input> readImages(Map<String, String> metadata) {
        int side = ClipConfigJson.vision(model.resolve("config.json")).imageSize();
        ImagePreprocessing preprocessing = ImagePreprocessing.read(model, ImagePreprocessing.clip(side));
        List<Path> files = new ArrayList<>();
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> found = walk.filter(f -> Files.isRegularFile(f) && ImageFiles.isImage(f)).sorted()
                            .toList();
                    if (found.isEmpty()) throw new EvomergeException(p + ": no PNG, JPEG, BMP or GIF files");
                    files.addAll(found);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                files.add(p);
            }
        }
        int[] hw = null;
        float[] pixels = null;
        for (int i = 0; i < files.size(); i++) {
            Pixels image = ImageFiles.decode(files.get(i));
            int[] shape = preprocessing.outputShape(image.width(), image.height());
            if (hw == null) {
                hw = shape;
                pixels = new float[Math.multiplyExact(files.size(), 3 * hw[0] * hw[1])];
            } else if (!Arrays.equals(hw, shape)) {
                throw new EvomergeException(files.get(i) + ": preprocessed to " + shape[0] + "x" + shape[1]
                        + " but " + files.getFirst() + " to " + hw[0] + "x" + hw[1]
                        + "; give preprocessor_config.json a crop_size");
            }
            int size = 3 * hw[0] * hw[1];
            System.arraycopy(preprocessing.apply(image), 0, pixels, i * size, size);
        }
        try {
            metadata.put("images", JSON.writeValueAsString(files.stream().map(Path::toString).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot list the image paths as JSON", e);
        }
        return Map.of(Encoder.PIXEL_VALUES, new Input(new long[] {files.size(), 3, hw[0], hw[1]}, pixels, null));
    }

    /** The known inputs of the file, checked for type and shape against each other. */
    private Map<String, Input> readInputs() {
        Map<String, Input> in = new LinkedHashMap<>();
        try (Checkpoint file = Checkpoints.open(inputs)) {
            for (String name : EncoderKind.inputNames()) {
                if (!file.contains(name)) continue;
                TensorInfo t = file.tensor(name);
                boolean pixels = name.equals(Encoder.PIXEL_VALUES);
                if (t.dtype().isFloating() != pixels) {
                    throw new EvomergeException(inputs + ": " + name + " is " + t.dtype() + "; it must be "
                            + (pixels ? "a float type" : "an integer type (I64 or I32)"));
                }
                if (t.shape().length != (pixels ? 4 : 2) || t.shape()[0] == 0) {
                    throw new EvomergeException(inputs + ": " + name + " has shape " + t.shapeString() + "; it must be "
                            + (pixels ? "[batch, channels, size, size]" : "[batch, seq]") + " with batch > 0");
                }
                in.put(name, pixels ? new Input(t.shape(), file.floats(name), null)
                        : new Input(t.shape(), null, longs(file, t)));
            }
        }
        if (in.containsKey(Encoder.PIXEL_VALUES) == in.containsKey(Encoder.INPUT_IDS)) {
            throw new EvomergeException(inputs + ": give either " + Encoder.PIXEL_VALUES + " or " + Encoder.INPUT_IDS
                    + (in.containsKey(Encoder.PIXEL_VALUES) ? ", not both" : "; it has neither"));
        }
        for (var e : in.entrySet()) {
            if (!e.getKey().equals(Encoder.PIXEL_VALUES) && in.containsKey(Encoder.INPUT_IDS)
                    && !Arrays.equals(e.getValue().shape(), in.get(Encoder.INPUT_IDS).shape())) {
                throw new EvomergeException(inputs + ": " + e.getKey() + " has shape "
                        + Arrays.toString(e.getValue().shape()) + " but input_ids has "
                        + Arrays.toString(in.get(Encoder.INPUT_IDS).shape()));
            }
        }
        return in;
    }

    private static long[] longs(Checkpoint file, TensorInfo t) {
        if (t.dtype() != DType.I64 && t.dtype() != DType.I32) {
            throw new EvomergeException(file.location() + ": " + t.name() + " is " + t.dtype()
                    + "; it must be I64 or I32");
        }
        ByteBuffer bytes = ByteBuffer.wrap(file.rawBytes(t.name())).order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[Math.toIntExact(t.numel())];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.dtype() == DType.I64 ? bytes.getLong() : bytes.getInt();
        }
        return values;
    }

    /** Rows [start, start + n) of an input as an NDArray (int64 or float32). */
    private static NDArray slice(NDManager manager, Input input, long start, int n) {
        int size = Math.toIntExact(input.rowSize());
        long[] shape = input.shape().clone();
        shape[0] = n;
        int from = Math.toIntExact(start * size);
        return input.floats() != null
                ? manager.create(Arrays.copyOfRange(input.floats(), from, from + n * size), new Shape(shape))
                : manager.create(Arrays.copyOfRange(input.longs(), from, from + n * size), new Shape(shape));
    }

    /** Copies a batch's output into its rows of the whole output. */
    private static void collect(String name, NDArray value, long start, long rows, Map<String, float[]> outputs,
                                Map<String, long[]> shapes) {
        long[] shape = value.getShape().getShape().clone();
        float[] data = value.toFloatArray();
        int rowSize = data.length / (int) shape[0];
        shape[0] = rows;
        shapes.putIfAbsent(name, shape);
        float[] all = outputs.computeIfAbsent(name, k -> new float[Math.toIntExact(rows * rowSize)]);
        System.arraycopy(data, 0, all, Math.toIntExact(start * rowSize), data.length);
    }

    private void write(Map<String, float[]> outputs, Map<String, long[]> shapes, Map<String, String> metadata) {
        List<TensorSpec> specs = new ArrayList<>();
        shapes.forEach((name, shape) -> specs.add(new TensorSpec(name, DType.F32, shape)));
        try (CheckpointWriter writer = CheckpointWriter.create(out, specs,
                WriteOptions.single(metadata))) {
            outputs.forEach(writer::write);
            writer.commit();
        }
    }
}
