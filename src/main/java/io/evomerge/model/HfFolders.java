package io.evomerge.model;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face model folders in and out: {@code config.json} plus {@code model.safetensors} (or shards with an
 * index), read lazily through {@link Checkpoints}; task heads as {@code head.safetensors}.
 */
public final class HfFolders {
    public static final String HEAD_FILE = "head.safetensors";
    private static final List<String> PREFIXES = List.of("bert.", "roberta.");
    /** BertForSequenceClassification tensor → TaskHead parameter. */
    private static final Map<String, String> HEAD_NAMES = Map.of(
            "classifier.weight", "head.dense.weight", "classifier.bias", "head.dense.bias",
            "pooler.dense.weight", "head.pooler.weight", "pooler.dense.bias", "head.pooler.bias");

    private HfFolders() {
    }

    /**
     * Reads a BERT/RoBERTa folder. Accepts BertModel names, names under {@code bert.}/{@code roberta.}, and old
     * {@code LayerNorm.gamma/beta}; tensors that are neither encoder nor head (MLM heads, position_ids) are skipped.
     */
    public static HfModel read(Path folder) {
        Path configJson = folder.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new EvomergeException(folder + ": no config.json; point at a Hugging Face model folder");
        }
        BertConfig config;
        try {
            config = BertConfig.read(configJson);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new EvomergeException(e.getMessage(), e);
        }
        Map<String, float[]> head = new LinkedHashMap<>();
        List<NamedTensor> weights;
        try (Checkpoint checkpoint = Checkpoints.open(folder)) {
            Map<String, String> found = normalizedNames(checkpoint);
            weights = encoderTensors(checkpoint, found, config);
            if (found.containsKey("classifier.weight")) {
                HEAD_NAMES.forEach((hf, ours) -> {
                    String stored = found.get(hf);
                    if (stored != null) {
                        head.put(ours, checkpoint.floats(stored));
                    }
                });
            }
        }
        return new HfModel(new HfModelFolder(folder, config, weights), head);
    }

    /**
     * The encoder weights of a checkpoint (a safetensors file or an HF folder) for an encoder shaped by
     * {@code config}, with the same name handling as {@link #read}; e.g. a merged model written as a loose file.
     */
    public static List<NamedTensor> readEncoder(Path fileOrFolder, BertConfig config) {
        try (Checkpoint checkpoint = Checkpoints.open(fileOrFolder)) {
            return encoderTensors(checkpoint, normalizedNames(checkpoint), config);
        }
    }

    /**
     * BertModel's pooler ({@code pooler.dense.weight}/{@code .bias}, also under {@code bert.}/{@code roberta.}) as
     * HF name → values; empty when the checkpoint has none.
     */
    public static Map<String, float[]> readPooler(Path fileOrFolder) {
        Map<String, float[]> pooler = new LinkedHashMap<>();
        try (Checkpoint checkpoint = Checkpoints.open(fileOrFolder)) {
            Map<String, String> found = normalizedNames(checkpoint);
            for (String name : List.of("pooler.dense.weight", "pooler.dense.bias")) {
                if (found.containsKey(name)) pooler.put(name, checkpoint.floats(found.get(name)));
            }
        }
        return pooler.size() == 2 ? pooler : Map.of();
    }

    /** Normalized name → stored name (the first stored tensor wins when two normalize alike). */
    private static Map<String, String> normalizedNames(Checkpoint checkpoint) {
        Map<String, String> found = new HashMap<>();
        for (TensorInfo t : checkpoint.tensors()) {
            found.putIfAbsent(normalize(t.name()), t.name());
        }
        return found;
    }

    private static List<NamedTensor> encoderTensors(Checkpoint checkpoint, Map<String, String> found,
                                                    BertConfig config) {
        return checkedTensors(checkpoint, found, new BertEncoder(config).parameterShapes(),
                " (nor bert./roberta.-prefixed); is this a BERT-family checkpoint matching config.json?");
    }

    /**
     * The tensors {@code shapes} names, each read from its stored name ({@code found}: HF name → stored name) and
     * checked against the shape config.json implies; {@code hint} ends the message for a missing one.
     */
    static List<NamedTensor> checkedTensors(Checkpoint checkpoint, Map<String, String> found,
                                            List<ParameterShape> shapes, String hint) {
        List<NamedTensor> weights = new ArrayList<>();
        for (ParameterShape s : shapes) {
            String stored = found.get(s.name());
            if (stored == null) {
                throw new EvomergeException(checkpoint.location() + ": no tensor " + s.name() + hint);
            }
            TensorInfo t = checkpoint.tensor(stored);
            if (!Arrays.equals(t.shape(), s.shape())) {
                throw new EvomergeException(checkpoint.location() + ": tensor " + stored + " has shape "
                        + t.shapeString() + " but config.json implies " + Arrays.toString(s.shape()));
            }
            weights.add(new NamedTensor(s.name(), s.shape(), checkpoint.floats(stored)));
        }
        return weights;
    }

    private static String normalize(String name) {
        String n = name;
        for (String prefix : PREFIXES) {
            if (n.startsWith(prefix)) {
                n = n.substring(prefix.length());
                break;
            }
        }
        if (n.endsWith("LayerNorm.gamma")) {
            n = n.substring(0, n.length() - "gamma".length()) + "weight";
        } else if (n.endsWith("LayerNorm.beta")) {
            n = n.substring(0, n.length() - "beta".length()) + "bias";
        }
        return n;
    }

    /**
     * Writes an encoder as a BertModel folder: {@code model.safetensors} (F32, HF names), {@code config.json} and a
     * copy of {@code tokenizerJson}; each file appears atomically.
     */
    public static void write(Path folder, BertConfig config, List<NamedTensor> encoder, Path tokenizerJson) {
        List<TensorSpec> specs = encoder.stream().map(t -> new TensorSpec(t.name(), DType.F32, t.shape())).toList();
        try (CheckpointWriter writer = CheckpointWriter.create(folder, specs,
                WriteOptions.single(Map.of("format", "pt")))) {
            encoder.forEach(t -> writer.write(t.name(), t.data()));
            writer.commit();
        }
        try {
            AtomicFiles.writeString(folder.resolve("config.json"), config.toJson());
            AtomicFiles.copy(tokenizerJson, folder.resolve("tokenizer.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The encoder's current weights as HF tensors, in state-dict order. */
    public static List<NamedTensor> tensors(BertEncoder encoder) {
        return encoder.parameterShapes().stream()
                .map(s -> new NamedTensor(s.name(), s.shape(), encoder.getParameter(s.name()))).toList();
    }

    /** Writes {@code head}'s weights to {@code folder/head.safetensors} (F32), atomically. */
    public static void writeHead(Path folder, TaskHead head) {
        Map<String, float[]> weights = head.weights();
        List<TensorSpec> specs = head.parameterShapes().stream()
                .map(s -> new TensorSpec(s.name(), DType.F32, s.shape())).toList();
        try (CheckpointWriter writer = CheckpointWriter.create(folder.resolve(HEAD_FILE), specs,
                WriteOptions.single(Map.of("format", "pt")))) {
            weights.forEach(writer::write);
            writer.commit();
        }
    }

    /** Reads {@code folder/head.safetensors} as name → values. */
    public static Map<String, float[]> readHead(Path folder) {
        Path file = folder.resolve(HEAD_FILE);
        if (!Files.isRegularFile(file)) {
            throw new EvomergeException(file + " is missing; fine-tune the task first (evomerge finetune)");
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Checkpoint checkpoint = Checkpoints.open(file)) {
            checkpoint.tensors().forEach(t -> out.put(t.name(), checkpoint.floats(t.name())));
        }
        return out;
    }
}
