package io.evomerge.model;

import ai.djl.ndarray.NDManager;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.config.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The registry of frozen heads a task may declare as {@code head: {kind: K, <file key>: F, <name key>: N}}. Each
 * kind declares once its YAML value, the key naming the file it reads and the key naming what to take from that
 * file; {@link #read} parses and checks a declaration without any model, {@link #build} makes the head for a model
 * folder and the task's labels.
 */
public enum HeadKind {
    /** CLIP's zero-shot head from a prompts file's class names and templates ({@link ZeroShotPrompts}). */
    ZERO_SHOT("zero_shot", "prompts", "dataset", "class names and templates from a prompts file, embedded with the "
            + "model folder's text tower (CLIP's recipe)") {
        @Override
        void check(HeadSpec spec) {
            ZeroShotPrompts.read(spec);
        }

        @Override
        public FrozenHead build(HeadSpec spec, Path modelFolder, List<String> labels, int dim, NDManager manager) {
            ZeroShotPrompts prompts = ZeroShotPrompts.read(spec);
            ZeroShotHead head = ZeroShotHead.compute(ClipFolders.text(modelFolder), prompts.classNames(spec, labels),
                    prompts.templates(), manager);
            if (head.dim() != dim) {
                throw spec.error("kind", "the text tower of " + modelFolder + " embeds into " + head.dim()
                        + " dimensions but the image embeddings have " + dim + "; use a CLIPModel folder whose towers"
                        + " share projection_dim");
            }
            return head;
        }
    },
    /** A [classes, projection_dim] matrix from a safetensors file ({@link MatrixHead}). */
    MATRIX("matrix", "file", "tensor", "a [classes, projection_dim] matrix from a safetensors file; logits = "
            + "unit(image_embeds) times its transpose") {
        @Override
        void check(HeadSpec spec) {
            try (Checkpoint file = Checkpoints.open(spec.file())) {
                if (!file.contains(spec.name())) {
                    throw spec.error("tensor", "'" + spec.name() + "' is not in " + spec.file()
                            + "; give the name of the [classes, dim] head matrix");
                }
                long[] shape = file.tensor(spec.name()).shape();
                if (shape.length != 2) {
                    throw spec.error("tensor", "'" + spec.name() + "' in " + spec.file() + " has shape "
                            + Arrays.toString(shape) + "; a head matrix is [classes, dim]");
                }
            }
        }

        @Override
        public FrozenHead build(HeadSpec spec, Path modelFolder, List<String> labels, int dim, NDManager manager) {
            return MatrixHead.read(spec, labels.size(), dim);
        }
    };

    public static final String KIND = "kind";

    private final String key;
    private final String fileKey;
    private final String nameKey;
    private final String description;

    HeadKind(String key, String fileKey, String nameKey, String description) {
        this.key = key;
        this.fileKey = fileKey;
        this.nameKey = nameKey;
        this.description = description;
    }

    /** Checks what can be checked without a model (the file's content as far as this kind reads it). */
    abstract void check(HeadSpec spec);

    /**
     * The head for the tower in {@code modelFolder} whose embeddings are {@code dim} wide, rows in the order of the
     * task's {@code labels}; mismatches are one-line errors naming the task file's key.
     */
    public abstract FrozenHead build(HeadSpec spec, Path modelFolder, List<String> labels, int dim,
                                     NDManager manager);

    /** The YAML value of {@code kind}. */
    public String key() {
        return key;
    }

    public String fileKey() {
        return fileKey;
    }

    public String nameKey() {
        return nameKey;
    }

    /** One line per kind for messages and help: its keys and what it is. */
    public static String table() {
        return Arrays.stream(values()).map(k -> "{" + KIND + ": " + k.key + ", " + k.fileKey + ": FILE, " + k.nameKey
                + ": NAME}: " + k.description).collect(Collectors.joining("\n"));
    }

    /**
     * Reads a task's {@code head} mapping ({@code file} paths relative to {@code dir}) and checks it as far as no
     * model is needed: the kind, its two keys and nothing else, the file, and what the kind reads from it.
     */
    public static HeadSpec read(YamlNode head, Path dir) {
        String value = head.text(KIND);
        HeadKind kind = Arrays.stream(values()).filter(k -> k.key.equals(value)).findFirst().orElseThrow(() ->
                head.error(KIND, "'" + value + "' is not one of " + Arrays.stream(values()).map(HeadKind::key)
                        .collect(Collectors.joining(", "))));
        head.onlyKeys(List.of(KIND, kind.fileKey, kind.nameKey));
        Path file = dir.resolve(head.text(kind.fileKey)).normalize();
        if (!Files.isRegularFile(file)) {
            throw head.error(kind.fileKey, "the file " + file + " is missing; give the path of the "
                    + (kind == ZERO_SHOT ? "prompts file" : "safetensors file") + " (relative to this file)");
        }
        HeadSpec spec = new HeadSpec(kind, file, head.text(kind.nameKey), head.file(), head.path());
        kind.check(spec);
        return spec;
    }
}
