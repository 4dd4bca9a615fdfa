package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.evomerge.EvomergeException;
import io.evomerge.config.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registry of encoders evomerge runs from Hugging Face folders. Each kind declares once the {@code model_type}s
 * of config.json it reads, its modality, and its required and optional inputs; {@link #of} picks the kind for a
 * folder and the inputs at hand, {@link #load} reads the folder. A CLIPModel folder ({@code model_type} "clip")
 * serves both CLIP kinds: the inputs choose the tower, and the other tower is not read.
 */
public enum EncoderKind {
    BERT("BERT/RoBERTa", List.of("bert", "roberta"), Encoder.INPUT_IDS,
            List.of(Encoder.ATTENTION_MASK, Encoder.TOKEN_TYPE_IDS)) {
        @Override
        public Encoder load(Path folder, NDManager manager) {
            return BertForward.load(folder, manager);
        }
    },
    CLIP_TEXT("CLIP text tower", List.of(ClipConfigJson.TEXT, ClipConfigJson.CLIP), Encoder.INPUT_IDS,
            List.of(Encoder.ATTENTION_MASK)) {
        @Override
        public Encoder load(Path folder, NDManager manager) {
            ClipTextTower tower = ClipFolders.text(folder).tower(manager);
            return inputs -> {
                NDArray ids = inputs.get(Encoder.INPUT_IDS);
                checkIds(ids, tower.config().vocabSize(), Encoder.INPUT_IDS, "vocab_size");
                return named(tower.run(ids, inputs.get(Encoder.ATTENTION_MASK)), Encoder.TEXT_EMBEDS);
            };
        }
    },
    CLIP_VISION("CLIP vision tower", List.of(ClipConfigJson.VISION, ClipConfigJson.CLIP), Encoder.PIXEL_VALUES,
            List.of()) {
        @Override
        public Encoder load(Path folder, NDManager manager) {
            ClipVisionTower tower = ClipFolders.vision(folder).tower(manager);
            return inputs -> named(tower.run(inputs.get(Encoder.PIXEL_VALUES)), Encoder.IMAGE_EMBEDS);
        }
    };

    private final String description;
    private final List<String> modelTypes;
    private final String mainInput;
    private final List<String> optionalInputs;

    EncoderKind(String description, List<String> modelTypes, String mainInput, List<String> optionalInputs) {
        this.description = description;
        this.modelTypes = modelTypes;
        this.mainInput = mainInput;
        this.optionalInputs = optionalInputs;
    }

    /** Reads the folder's weights onto {@code manager}'s device; bad folders are one-line EvomergeExceptions. */
    public abstract Encoder load(Path folder, NDManager manager);

    public String description() {
        return description;
    }

    /** The input that selects this kind ({@code input_ids} or {@code pixel_values}); always required. */
    public String mainInput() {
        return mainInput;
    }

    public List<String> optionalInputs() {
        return optionalInputs;
    }

    /** Every input name some kind takes. */
    public static List<String> inputNames() {
        return Arrays.stream(values()).flatMap(k -> Stream.concat(Stream.of(k.mainInput), k.optionalInputs.stream()))
                .distinct().toList();
    }

    /** One line per kind for help texts: the model types it reads and the inputs it takes. */
    public static String table() {
        return Arrays.stream(values()).map(k -> k.description + ": model_type " + String.join("/", k.modelTypes)
                + "; " + k.mainInput + (k.optionalInputs.isEmpty() ? "" : " (+ " + String.join(", ",
                k.optionalInputs) + ")")).collect(Collectors.joining("\n"));
    }

    /**
     * The kind that runs {@code folder} on an input named {@code mainInput}: by config.json's {@code model_type}
     * (absent: bert, as HF's BertConfig). Errors name config.json and the key.
     */
    public static EncoderKind of(Path folder, String mainInput) {
        Path configJson = folder.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new EvomergeException(folder + ": no config.json; point at a Hugging Face model folder");
        }
        YamlNode root = YamlNode.read(configJson);
        String type = root.text("model_type", "bert");
        List<EncoderKind> readers = Arrays.stream(values()).filter(k -> k.modelTypes.contains(type)).toList();
        if (readers.isEmpty()) {
            throw root.error("model_type", "'" + type + "' is not supported; supported: " + Arrays.stream(values())
                    .flatMap(k -> k.modelTypes.stream()).distinct().collect(Collectors.joining(", ")));
        }
        return readers.stream().filter(k -> k.mainInput.equals(mainInput)).findFirst().orElseThrow(() ->
                root.error("model_type", "'" + type + "' takes " + readers.stream().map(k -> k.mainInput).distinct()
                        .collect(Collectors.joining(" or ")) + ", not " + mainInput));
    }

    /** HF's output names for a tower's NDList: last_hidden_state, pooler_output, then the projection's. */
    private static Map<String, NDArray> named(NDList out, String embeds) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put(Encoder.LAST_HIDDEN_STATE, out.get(0));
        named.put(Encoder.POOLER_OUTPUT, out.get(1));
        if (out.size() > 2) {
            named.put(embeds, out.get(2));
        }
        return named;
    }

    /** Token ids outside the vocabulary would index past the embedding table. */
    static void checkIds(NDArray ids, int vocabSize, String key, String sizeKey) {
        long max = ids.max().getLong();
        long min = ids.min().getLong();
        if (min < 0 || max >= vocabSize) {
            throw new IllegalArgumentException(key + " holds ids in [" + min + ", " + max + "] but the model's "
                    + sizeKey + " is " + vocabSize);
        }
    }
}
