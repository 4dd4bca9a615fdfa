package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.evomerge.EvomergeException;
import io.evomerge.Shared;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-shot heads on the tiny CLIP text tower of ../shared/reference (a word-level tokenizer.json written here),
 * against CLIP's recipe worked by hand: prompts tokenized by hand, each embedded alone (no padding), normalised,
 * averaged per class and normalised in double precision; logits of the vision fixture's image_embeds as
 * exp(logit_scale) · cosine.
 */
class ZeroShotHeadTest {
    static final List<String> CLASSES = List.of("cat", "dog", "bird");
    static final List<String> TEMPLATES = List.of("a photo of a {}.", "a blurry {} picture", "{}");
    static final int BOS = 998;
    static final int EOS = 999;

    /** The prompts' ids by hand (vocabulary below), class by class, template by template. */
    static final long[][] HAND_IDS = {
            {BOS, 5, 17, 23, 5, 101, 7, EOS}, {BOS, 5, 40, 101, 61, EOS}, {BOS, 101, EOS},
            {BOS, 5, 17, 23, 5, 202, 7, EOS}, {BOS, 5, 40, 202, 61, EOS}, {BOS, 202, EOS},
            {BOS, 5, 17, 23, 5, 303, 7, EOS}, {BOS, 5, 40, 303, 61, EOS}, {BOS, 303, EOS}};

    @Test
    void headFollowsClipsRecipe(@TempDir Path dir) throws Exception {
        Path folder = tinyClipText(dir);
        ClipFolders.Text text = ClipFolders.text(folder);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ZeroShotHead head = ZeroShotHead.compute(text, CLASSES, TEMPLATES, manager);
            assertEquals(3, head.classes());
            assertEquals(32, head.dim());
            double scale;
            try (Checkpoint model = Checkpoints.open(folder)) {
                scale = Math.exp(model.floats("logit_scale")[0]);
            }
            assertEquals(100.0, scale, 0.01, "the fixture's logit_scale is ln 100");
            assertEquals(scale, head.scale(), 1e-4);

            ClipTextTower tower = text.tower(manager);
            double[][] expected = new double[CLASSES.size()][32];
            for (int c = 0; c < CLASSES.size(); c++) {
                for (int t = 0; t < TEMPLATES.size(); t++) {
                    long[] ids = HAND_IDS[c * TEMPLATES.size() + t];
                    float[] e = tower.run(manager.create(ids, new Shape(1, ids.length)), null).get(2).toFloatArray();
                    double norm = norm(e);
                    for (int d = 0; d < 32; d++) expected[c][d] += e[d] / norm / TEMPLATES.size();
                }
                double norm = norm(expected[c]);
                for (int d = 0; d < 32; d++) expected[c][d] /= norm;
            }
            float[] weights = head.weights();
            for (int c = 0; c < 3; c++) {
                for (int d = 0; d < 32; d++) {
                    assertEquals(expected[c][d], weights[c * 32 + d], 1e-5, "class " + c + " dim " + d);
                }
            }

            float[] images;
            try (Checkpoint reference = Checkpoints.open(
                    Shared.path("reference/clip_vision_tiny/expected.safetensors"))) {
                images = reference.floats("image_embeds");
            }
            float[] logits = head.logits(manager.create(images, new Shape(8, 32))).toFloatArray();
            for (int i = 0; i < 8; i++) {
                double imageNorm = 0;
                for (int d = 0; d < 32; d++) imageNorm += images[i * 32 + d] * (double) images[i * 32 + d];
                for (int c = 0; c < 3; c++) {
                    double dot = 0;
                    for (int d = 0; d < 32; d++) dot += images[i * 32 + d] * expected[c][d];
                    assertEquals(scale * dot / Math.sqrt(imageNorm), logits[i * 3 + c], 1e-3, "image " + i + " class " + c);
                }
            }
        }
    }

    @Test
    void badPromptsAndFoldersAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path folder = tinyClipText(dir);
        ClipFolders.Text text = ClipFolders.text(folder);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EvomergeException noSlot = assertThrows(EvomergeException.class,
                    () -> ZeroShotHead.compute(text, CLASSES, List.of("a photo"), manager));
            assertEquals("template 'a photo' has no {} where the class name goes", noSlot.getMessage());
            Files.delete(folder.resolve("tokenizer.json"));
            EvomergeException noTokenizer = assertThrows(EvomergeException.class,
                    () -> ZeroShotHead.compute(text, CLASSES, TEMPLATES, manager));
            assertEquals(folder.resolve("tokenizer.json") + ": no such file; zero-shot heads tokenize the prompts"
                    + " with the folder's tokenizer", noTokenizer.getMessage());
        }
    }

    /** The tiny text fixture plus a word-level tokenizer.json that adds CLIP's bos/eos as HF's post-processor does. */
    static Path tinyClipText(Path dir) throws Exception {
        Path fixture = Shared.path("reference/clip_text_tiny");
        Path folder = dir.resolve("clip-text");
        Files.createDirectories(folder);
        Files.copy(fixture.resolve("config.json"), folder.resolve("config.json"));
        Files.copy(fixture.resolve("model.safetensors"), folder.resolve("model.safetensors"));
        Files.writeString(folder.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                 "added_tokens": [
                   {"id": 998, "content": "<|startoftext|>", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true},
                   {"id": 999, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false,
                    "normalized": false, "special": true}],
                 "normalizer": {"type": "Lowercase"},
                 "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<|startoftext|>", "type_id": 0}},
                              {"Sequence": {"id": "A", "type_id": 0}},
                              {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}],
                   "pair": [{"SpecialToken": {"id": "<|startoftext|>", "type_id": 0}},
                            {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                            {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}],
                   "special_tokens": {
                     "<|startoftext|>": {"id": "<|startoftext|>", "ids": [998], "tokens": ["<|startoftext|>"]},
                     "<|endoftext|>": {"id": "<|endoftext|>", "ids": [999], "tokens": ["<|endoftext|>"]}}},
                 "decoder": null,
                 "model": {"type": "WordLevel", "unk_token": "[UNK]",
                   "vocab": {"[UNK]": 0, "a": 5, ".": 7, "photo": 17, "of": 23, "blurry": 40, "picture": 61,
                             "cat": 101, "dog": 202, "bird": 303, "<|startoftext|>": 998, "<|endoftext|>": 999}}}
                """);
        return folder;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * (double) x;
        return Math.sqrt(s);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
