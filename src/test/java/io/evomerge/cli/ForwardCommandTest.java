package io.evomerge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.Shared;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.data.Cifar10Reader;
import io.evomerge.data.HoldOut;
import io.evomerge.data.LabelledImage;
import io.evomerge.data.Pixels;
import io.evomerge.data.SplitName;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evomerge forward} against the independent PyTorch references in ../shared/reference (within 1e-4). */
@Tag("slow")
class ForwardCommandTest {
    static final double TOLERANCE = 1e-4;

    @Test
    void clipVisionTowerMatchesReference(@TempDir Path dir) {
        Path fixture = Shared.path("reference/clip_vision_tiny");
        assertMatches(forward(fixture, fixture.resolve("inputs.safetensors"), dir), fixture.resolve("expected.safetensors"),
                List.of("last_hidden_state", "pooler_output", "image_embeds"));
    }

    @Test
    void clipTextTowerMatchesReference(@TempDir Path dir) {
        Path fixture = Shared.path("reference/clip_text_tiny");
        assertMatches(forward(fixture, fixture.resolve("inputs.safetensors"), dir), fixture.resolve("expected.safetensors"),
                List.of("last_hidden_state", "pooler_output", "text_embeds"));
    }

    /**
     * PNG files through CLIP's preprocessing and the vision tower: the fixture's 8 CIFAR-10 test images, found in
     * ../shared by their pixels and written as PNGs, give the fixture's expected outputs; the metadata lists them.
     */
    @Test
    void imageFilesMatchReference(@TempDir Path dir) throws Exception {
        Path fixture = Shared.path("reference/clip_vision_tiny");
        float[] pixelValues;
        try (Checkpoint inputs = Checkpoints.open(fixture.resolve("inputs.safetensors"))) {
            pixelValues = inputs.floats("pixel_values");
        }
        List<LabelledImage> cifar = Cifar10Reader.read(Shared.path("datasets/cifar10"), SplitName.TEST,
                HoldOut.PAPER).images();
        double[] mean = {0.48145466, 0.4578275, 0.40821073};
        double[] std = {0.26862954, 0.26130258, 0.27577711};
        Path folder = dir.resolve("images");
        Files.createDirectories(folder);
        for (int i = 0; i < 8; i++) {
            byte[] want = new byte[3072];
            for (int k = 0; k < 3072; k++) {
                want[k] = (byte) Math.round((pixelValues[i * 3072 + k] * std[k / 1024] + mean[k / 1024]) * 255);
            }
            Pixels found = cifar.stream().map(image -> image.image().decode())
                    .filter(p -> Arrays.equals(p.data(), want)).findFirst().orElseThrow();
            BufferedImage png = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    png.setRGB(x, y, found.at(0, y, x) << 16 | found.at(1, y, x) << 8 | found.at(2, y, x));
                }
            }
            ImageIO.write(png, "png", folder.resolve("img" + i + ".png").toFile());
        }
        Path out = dir.resolve("out.safetensors");
        InspectCommandTest.Result r = InspectCommandTest.run("forward", fixture.toString(), "--images",
                folder.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertMatches(out, fixture.resolve("expected.safetensors"),
                List.of("last_hidden_state", "pooler_output", "image_embeds"));
        try (Checkpoint result = Checkpoints.open(out)) {
            List<String> listed = new ObjectMapper().readValue(result.metadata().get("images"), new TypeReference<>() {
            });
            assertEquals(java.util.stream.IntStream.range(0, 8).mapToObj(i -> folder.resolve("img" + i + ".png")
                    .toString()).toList(), listed);
        }
        assertEquals("evomerge: forward: give --inputs IN.safetensors or --images, not both",
                fails(fixture, fixture.resolve("inputs.safetensors"), dir, "--images", folder.toString()));
        Path notImage = folder.resolve("img8.png");
        Files.writeString(notImage, "not a picture");
        InspectCommandTest.Result bad = InspectCommandTest.run("forward", fixture.toString(), "--images",
                folder.toString(), "--out", dir.resolve("bad.safetensors").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().strip().startsWith("evomerge: " + notImage), bad.err());
    }

    /** A CLIPModel folder (both towers, sharded with an index) serves each tower from the inputs given. */
    @Test
    void clipModelFolderShardedServesEitherTower(@TempDir Path dir) throws Exception {
        Path vision = Shared.path("reference/clip_vision_tiny");
        Path text = Shared.path("reference/clip_text_tiny");
        Path folder = dir.resolve("clip");
        List<Path> sources = List.of(text.resolve("model.safetensors"), vision.resolve("model.safetensors"));
        copyTensors(sources, folder, name -> true, 200_000);
        assertTrue(Files.isRegularFile(folder.resolve("model.safetensors.index.json")), "sharded");
        Files.writeString(folder.resolve("config.json"), clipModelConfig("quick_gelu"));
        assertMatches(forward(folder, vision.resolve("inputs.safetensors"), dir.resolve("v")),
                vision.resolve("expected.safetensors"), List.of("last_hidden_state", "pooler_output", "image_embeds"));
        assertMatches(forward(folder, text.resolve("inputs.safetensors"), dir.resolve("t"), "--batch-size", "4"),
                text.resolve("expected.safetensors"), List.of("last_hidden_state", "pooler_output", "text_embeds"));
    }

    /** The tower the inputs do not use is never read: a CLIPModel folder without text weights runs images. */
    @Test
    void unusedTowerIsIgnored(@TempDir Path dir) throws Exception {
        Path vision = Shared.path("reference/clip_vision_tiny");
        Path folder = dir.resolve("clip");
        copyTensors(List.of(vision.resolve("model.safetensors")), folder, name -> true, 0);
        Files.writeString(folder.resolve("config.json"), clipModelConfig("quick_gelu"));
        assertMatches(forward(folder, vision.resolve("inputs.safetensors"), dir),
                vision.resolve("expected.safetensors"), List.of("last_hidden_state", "pooler_output", "image_embeds"));
        assertEquals("evomerge: " + folder.resolve("model.safetensors")
                        + ": no tensor text_projection.weight, which config.json declares (model_type clip)",
                fails(folder, Shared.path("reference/clip_text_tiny/inputs.safetensors"), dir));
    }

    @Test
    void badFoldersAreOneLineErrorsNamingFileAndKey(@TempDir Path dir) throws Exception {
        Path vision = Shared.path("reference/clip_vision_tiny");
        Path inputs = vision.resolve("inputs.safetensors");
        String config = Files.readString(vision.resolve("config.json"));

        Path missing = dir.resolve("missing");
        copyTensors(List.of(vision.resolve("model.safetensors")), missing,
                name -> !name.equals("vision_model.post_layernorm.weight"), 0);
        Files.writeString(missing.resolve("config.json"), config);
        assertEquals("evomerge: " + missing.resolve("model.safetensors") + ": no tensor vision_model.post_layernorm"
                + ".weight; is this a CLIP vision checkpoint matching config.json?", fails(missing, inputs, dir));

        Path shape = dir.resolve("shape");
        copyTensors(List.of(vision.resolve("model.safetensors")), shape, name -> true, 0);
        Files.writeString(shape.resolve("config.json"), config.replace("\"intermediate_size\": 128",
                "\"intermediate_size\": 256"));
        assertEquals("evomerge: " + shape.resolve("model.safetensors") + ": tensor vision_model.encoder.layers.0.mlp"
                + ".fc1.weight has shape [128, 64] but config.json implies [256, 64]", fails(shape, inputs, dir));

        Files.writeString(shape.resolve("config.json"), config.replace("quick_gelu", "relu"));
        assertEquals("evomerge: " + shape.resolve("config.json") + ": hidden_act: 'relu' is not supported; use one of"
                + " gelu, quick_gelu", fails(shape, inputs, dir));

        Files.writeString(shape.resolve("config.json"), clipModelConfig("swish"));
        assertEquals("evomerge: " + shape.resolve("config.json") + ": vision_config.hidden_act: 'swish' is not"
                + " supported; use one of gelu, quick_gelu", fails(shape, inputs, dir));

        Files.writeString(shape.resolve("config.json"), config.replace("clip_vision_model", "clip_text_model"));
        assertEquals("evomerge: " + shape.resolve("config.json") + ": model_type: 'clip_text_model' takes input_ids,"
                + " not pixel_values", fails(shape, inputs, dir));

        Files.writeString(shape.resolve("config.json"), config.replace("clip_vision_model", "vit"));
        assertEquals("evomerge: " + shape.resolve("config.json") + ": model_type: 'vit' is not supported; supported:"
                + " bert, roberta, clip_text_model, clip, clip_vision_model", fails(shape, inputs, dir));
    }

    @Test
    void badInputsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path text = Shared.path("reference/clip_text_tiny");
        Path ids = dir.resolve("ids.safetensors");
        writeLongs(ids, "input_ids", new long[] {1, 3}, new long[] {998, 1000, 999});
        assertEquals("evomerge: " + ids + ": input_ids holds ids in [998, 1000] but the model's vocab_size is 1000",
                fails(text, ids, dir));
        Path both = dir.resolve("none.safetensors");
        writeLongs(both, "labels", new long[] {1}, new long[] {3});
        assertEquals("evomerge: " + both + ": give either pixel_values or input_ids; it has neither",
                fails(text, both, dir));
        Path types = dir.resolve("types.safetensors");
        try (CheckpointWriter w = CheckpointWriter.create(types, List.of(
                new TensorSpec("input_ids", DType.I64, new long[] {1, 2}),
                new TensorSpec("token_type_ids", DType.I64, new long[] {1, 2})), WriteOptions.single(Map.of()))) {
            w.writeRaw("input_ids", io.evomerge.model.BertForwardParityTest.bytes(new long[] {998, 999}));
            w.writeRaw("token_type_ids", io.evomerge.model.BertForwardParityTest.bytes(new long[] {0, 0}));
            w.commit();
        }
        assertEquals("evomerge: " + types + ": token_type_ids: the CLIP text tower takes no token_type_ids (it takes"
                + " input_ids, attention_mask)", fails(text, types, dir));
        InspectCommandTest.Result out = InspectCommandTest.run("forward", text.toString(), "--inputs",
                text.resolve("inputs.safetensors").toString(), "--out", dir.resolve("out.bin").toString());
        assertEquals(2, out.code());
        assertEquals("evomerge: --out: " + dir.resolve("out.bin") + " must be a .safetensors file", out.err().strip());
    }

    /** HF's pooling rule: the first eos_token_id of each row, or the highest id when eos_token_id is the legacy 2. */
    @Test
    void clipTextPoolsAtEosByHfRule(@TempDir Path dir) throws Exception {
        Path fixture = Shared.path("reference/clip_text_tiny");
        Path inputs = dir.resolve("ids.safetensors");
        writeLongs(inputs, "input_ids", new long[] {2, 4}, new long[] {998, 500, 7, 999, 998, 12, 500, 999});
        String config = Files.readString(fixture.resolve("config.json"));
        Path folder = dir.resolve("text");
        copyTensors(List.of(fixture.resolve("model.safetensors")), folder, name -> true, 0);
        for (int eos : new int[] {500, 2}) {
            Files.writeString(folder.resolve("config.json"), config.replace("\"eos_token_id\": 999",
                    "\"eos_token_id\": " + eos));
            Path out = forward(folder, inputs, dir.resolve("eos" + eos));
            try (Checkpoint result = Checkpoints.open(out)) {
                float[] last = result.floats("last_hidden_state");
                float[] pooled = result.floats("pooler_output");
                int[] at = eos == 500 ? new int[] {1, 2} : new int[] {3, 3};
                for (int row = 0; row < 2; row++) {
                    int from = (row * 4 + at[row]) * 64;
                    assertArrayEquals(Arrays.copyOfRange(last, from, from + 64),
                            Arrays.copyOfRange(pooled, row * 64, row * 64 + 64), "eos " + eos + " row " + row);
                }
            }
        }
    }

    @Test
    void helpListsTheEncoderRegistry() {
        InspectCommandTest.Result help = InspectCommandTest.run("forward", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("BERT/RoBERTa: model_type bert/roberta; input_ids (+ attention_mask,"),
                help.out());
        assertTrue(help.out().contains("CLIP vision tower: model_type clip_vision_model/clip; pixel_values"),
                help.out());
    }

    /** The one-line error of a forward run that must fail with exit 2 and write nothing. */
    static String fails(Path model, Path inputs, Path dir, String... extra) {
        Path out = dir.resolve("failed.safetensors");
        List<String> args = new ArrayList<>(List.of("forward", model.toString(), "--inputs", inputs.toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        InspectCommandTest.Result r = InspectCommandTest.run(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out), "no output on failure");
        return r.err().strip();
    }

    /** A CLIPModel config.json holding both fixtures' towers (HF's layout: sub-configs, projection_dim on top). */
    static String clipModelConfig(String visionAct) {
        return """
                {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 32,
                 "logit_scale_init_value": 2.6592,
                 "text_config": {"vocab_size": 1000, "hidden_size": 64, "intermediate_size": 128,
                   "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 16,
                   "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05, "bos_token_id": 998, "eos_token_id": 999,
                   "pad_token_id": 999, "model_type": "clip_text_model"},
                 "vision_config": {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                   "num_attention_heads": 4, "image_size": 32, "patch_size": 8, "num_channels": 3,
                   "layer_norm_eps": 1e-05, "hidden_act": "%s", "model_type": "clip_vision_model"}}
                """.formatted(visionAct);
    }

    /** Copies the tensors {@code keep} accepts from {@code sources} into a folder (sharded when shardSize > 0). */
    static void copyTensors(List<Path> sources, Path folder, Predicate<String> keep, long shardSize) {
        List<Checkpoint> opened = sources.stream().map(Checkpoints::open).toList();
        try {
            List<TensorSpec> specs = new ArrayList<>();
            for (Checkpoint c : opened) {
                c.tensors().stream().filter(t -> keep.test(t.name()))
                        .forEach(t -> specs.add(new TensorSpec(t.name(), t.dtype(), t.shape())));
            }
            try (CheckpointWriter w = CheckpointWriter.create(folder, specs, new WriteOptions(shardSize, Map.of()))) {
                for (Checkpoint c : opened) {
                    c.tensors().stream().filter(t -> keep.test(t.name()))
                            .forEach(t -> w.writeRaw(t.name(), c.rawBytes(t.name())));
                }
                w.commit();
            }
        } finally {
            opened.forEach(Checkpoint::close);
        }
    }

    static void writeLongs(Path file, String name, long[] shape, long[] values) {
        try (CheckpointWriter w = CheckpointWriter.create(file, List.of(new TensorSpec(name, DType.I64, shape)),
                WriteOptions.single(Map.of()))) {
            w.writeRaw(name, io.evomerge.model.BertForwardParityTest.bytes(values));
            w.commit();
        }
    }

    /** Runs the command in-process and returns the output file. */
    static Path forward(Path model, Path inputs, Path dir, String... extra) {
        Path out = dir.resolve("out.safetensors");
        List<String> args = new ArrayList<>(List.of("forward", model.toString(), "--inputs", inputs.toString(),
                "--out", out.toString()));
        args.addAll(List.of(extra));
        InspectCommandTest.Result r = InspectCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** The output holds exactly {@code names}, each shaped as the reference and within {@link #TOLERANCE}. */
    static void assertMatches(Path out, Path expected, List<String> names) {
        try (Checkpoint actual = Checkpoints.open(out); Checkpoint reference = Checkpoints.open(expected)) {
            assertEquals(names, actual.tensors().stream().map(TensorInfo::name).toList());
            for (String name : names) {
                assertArrayEquals(reference.tensor(name).shape(), actual.tensor(name).shape(), name);
                float[] a = actual.floats(name);
                float[] e = reference.floats(name);
                double max = 0;
                for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - e[i]));
                System.out.printf("%s %s: max |delta| %.3g%n", expected.getParent().getFileName(), name, max);
                assertTrue(max <= TOLERANCE, name + " max |delta| " + max);
            }
        }
    }
}
