package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.config.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen heads declared through the {@link HeadKind} registry: a matrix head against logits worked by hand, a
 * zero-shot head against {@link ZeroShotHead#compute} with the task's labels in another order, and the one-line
 * errors (file and key path as written, and the fix).
 */
class HeadKindTest {
    /** Rows e0, e1 and (0, 0, 2, 5): unit [3, 4, 0, 0] = [.6, .8, 0, 0] scores (.6, .8, 0); unit [0, 0, 0, 2] (0, 0, 5). */
    static final float[] MATRIX = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 5};

    @Test
    void matrixHeadScoresUnitEmbeddingsTimesTheMatrix(@TempDir Path dir) {
        writeMatrix(dir.resolve("head.safetensors"), "classifier.weight", MATRIX, 3, 4);
        HeadSpec spec = HeadKind.read(head(dir, "{kind: matrix, file: head.safetensors, tensor: classifier.weight}"),
                dir);
        assertEquals(HeadKind.MATRIX, spec.kind());
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            FrozenHead head = spec.kind().build(spec, dir, List.of("a", "b", "c"), 4, manager);
            assertEquals(3, head.classes());
            assertEquals(4, head.dim());
            float[] logits = head.logits(manager.create(new float[] {3, 4, 0, 0, 0, 0, 0, 2}, new Shape(2, 4)))
                    .toFloatArray();
            assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 0, 5}, logits, 1e-6f);
        }
    }

    @Test
    void matrixOfAnotherWidthNamesFileKeyAndFix(@TempDir Path dir) {
        writeMatrix(dir.resolve("head.safetensors"), "w", MATRIX, 3, 4);
        HeadSpec spec = HeadKind.read(head(dir, "{kind: matrix, file: head.safetensors, tensor: w}"), dir);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            String message = assertThrows(EvomergeException.class,
                    () -> spec.kind().build(spec, dir, List.of("a", "b", "c"), 512, manager)).getMessage();
            assertTrue(message.startsWith(dir.resolve("task.yaml") + ": tasks[2].head.tensor: 'w' in "
                    + dir.resolve("head.safetensors") + " has shape [3, 4]"), message);
            assertTrue(message.contains("projection_dim is 512; export the head of this model for this task ([3, 512])"),
                    message);
            String classes = assertThrows(EvomergeException.class,
                    () -> spec.kind().build(spec, dir, List.of("a", "b"), 4, manager)).getMessage();
            assertTrue(classes.contains("the task has 2 classes"), classes);
        }
    }

    @Test
    void badDeclarationsAreOneLineErrorsWithTheKeyPath(@TempDir Path dir) throws Exception {
        writeMatrix(dir.resolve("head.safetensors"), "w", MATRIX, 12, 1);
        Files.writeString(dir.resolve("prompts.yaml"), "digits: {classes: ['0', '1'], templates: ['a photo']}\n");
        String yaml = dir.resolve("task.yaml") + ": tasks[2].head.";
        assertEquals(yaml + "kind: 'linear' is not one of zero_shot, matrix",
                error(dir, "{kind: linear, file: head.safetensors, tensor: w}"));
        assertEquals(yaml + "file: the file " + dir.resolve("nope.safetensors") + " is missing; give the path of the"
                + " safetensors file (relative to this file)", error(dir, "{kind: matrix, file: nope.safetensors, tensor: w}"));
        assertTrue(error(dir, "{kind: matrix, file: head.safetensors, tensor: v}")
                .startsWith(yaml + "tensor: 'v' is not in "), "missing tensor");
        assertTrue(error(dir, "{kind: matrix, file: head.safetensors, tensor: w, dataset: x}")
                .startsWith(yaml + "dataset: "), "a key of another kind");
        assertTrue(error(dir, "{kind: zero_shot, prompts: prompts.yaml, dataset: letters}")
                .startsWith(yaml + "dataset: 'letters' is not in "), "missing entry");
        assertEquals(dir.resolve("prompts.yaml") + ": digits.templates: 'a photo' has no {} where the class name goes",
                error(dir, "{kind: zero_shot, prompts: prompts.yaml, dataset: digits}"));
    }

    @Test
    void zeroShotHeadFollowsTheTasksLabelOrder(@TempDir Path dir) throws Exception {
        Path folder = ZeroShotHeadTest.tinyClipText(dir);
        Files.writeString(dir.resolve("prompts.yaml"), "pets:\n  classes: [cat, dog, bird]\n  templates: ["
                + String.join(", ", ZeroShotHeadTest.TEMPLATES.stream().map(t -> "'" + t + "'").toList()) + "]\n");
        HeadSpec spec = HeadKind.read(head(dir, "{kind: zero_shot, prompts: prompts.yaml, dataset: pets}"), dir);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] direct = ZeroShotHead.compute(ClipFolders.text(folder), ZeroShotHeadTest.CLASSES,
                    ZeroShotHeadTest.TEMPLATES, manager).weights();
            // labels by name in another order, and by index (class folders named 0..2)
            for (List<String> labels : List.of(List.of("bird", "cat", "dog"), List.of("2", "0", "1"))) {
                ZeroShotHead head = (ZeroShotHead) spec.kind().build(spec, folder, labels, 32, manager);
                float[] rows = head.weights();
                int[] classOfRow = {2, 0, 1};
                for (int r = 0; r < 3; r++) {
                    for (int d = 0; d < 32; d++) {
                        assertEquals(direct[classOfRow[r] * 32 + d], rows[r * 32 + d], 1e-6, "row " + r + " " + labels);
                    }
                }
            }
            String wrong = assertThrows(EvomergeException.class,
                    () -> spec.kind().build(spec, folder, List.of("cat", "dog", "fish"), 32, manager)).getMessage();
            assertTrue(wrong.contains("tasks[2].head.dataset: the task's label 'fish' is neither a class name"), wrong);
            String width = assertThrows(EvomergeException.class,
                    () -> spec.kind().build(spec, folder, ZeroShotHeadTest.CLASSES, 64, manager)).getMessage();
            assertTrue(width.contains("embeds into 32 dimensions but the image embeddings have 64"), width);
        }
    }

    private static String error(Path dir, String head) {
        return assertThrows(EvomergeException.class, () -> HeadKind.read(head(dir, head), dir)).getMessage();
    }

    private static YamlNode head(Path dir, String yaml) {
        return YamlNode.parse(dir.resolve("task.yaml"), "tasks[2].head", yaml);
    }

    private static void writeMatrix(Path file, String name, float[] values, long rows, long cols) {
        try (CheckpointWriter w = CheckpointWriter.create(file, List.of(new TensorSpec(name, DType.F32,
                new long[] {rows, cols})), WriteOptions.single(Map.of()))) {
            w.write(name, values);
            w.commit();
        }
    }
}
