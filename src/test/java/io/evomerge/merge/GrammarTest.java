package io.evomerge.merge;

import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.OpenOptions;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.cli.Main;
import io.evomerge.config.YamlNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mergekit's parameter grammar (scalars, gradients, filters; model, then slice, then global), its layer positions and
 * slices, against values worked out by hand from the rule: with k gradient values, scaled = t·(k − 1),
 * i0 = ⌊scaled⌋, value = (1 − frac)·v[i0] + frac·v[min(i0 + 1, k − 1)]; layer idx of N has t = idx/(N − 1).
 */
class GrammarTest {
    @TempDir
    Path dir;

    private static Setting setting(String yaml) {
        return Setting.parse(YamlNode.parse(Path.of("c.yaml"), "parameters.x", yaml), n -> n.json().asDouble());
    }

    @Test
    void gradientsInterpolateByMergekitsRule() {
        Setting g = setting("[1, 0.7, 0.1]");
        assertEquals(1.0, g.at("x", 0), 1e-12);
        assertEquals(0.85, g.at("x", 0.25), 1e-12);   // scaled 0.5: 0.5·1 + 0.5·0.7
        assertEquals(0.7, g.at("x", 0.5), 1e-12);
        assertEquals(0.4, g.at("x", 0.75), 1e-12);    // scaled 1.5: 0.5·0.7 + 0.5·0.1
        assertEquals(0.1, g.at("x", 1), 1e-12);
        Setting four = setting("[0, 0.3, 0.7, 1]");
        assertEquals(0.3, four.at("x", 1.0 / 3), 1e-12); // layer 1 of 4
        assertEquals(0.5, four.at("x", 0.5), 1e-12);     // scaled 1.5: between 0.3 and 0.7
        assertEquals(2.5, setting("2.5").at("anything", 0.9));
    }

    @Test
    void theFirstConditionWhoseFilterIsInTheNameWins() {
        Setting s = setting("[{filter: mlp, value: 0.5}, {filter: self_attn, value: [0, 1]}, {value: 0}]");
        assertEquals(0.5, s.at("model.layers.3.mlp.up_proj.weight", 0.2));
        assertEquals(0.25, s.at("model.layers.1.self_attn.q_proj.weight", 0.25), 1e-12);
        assertEquals(0.0, s.at("model.norm.weight", 0));
        assertEquals(7.0, setting("[{filter: '*', value: 7}]").at("lm_head.weight", 0));
        assertNull(setting("[{filter: mlp, value: 1}]").at("model.norm.weight", 0), "no match falls through");
        assertNull(setting("{filter: mlp, value: 1}").at("", 0), "an unnamed tensor matches no filter");
    }

    @Test
    void layerIndicesOfTheCommonArchitectures() {
        assertEquals(12, LayerNames.layer("model.layers.12.self_attn.q_proj.weight"));     // Llama, Mistral, Qwen2, Gemma
        assertEquals(3, LayerNames.layer("transformer.h.3.attn.c_attn.weight"));            // GPT-2
        assertEquals(5, LayerNames.layer("bert.encoder.layer.5.attention.self.query.weight")); // BERT
        assertEquals(2, LayerNames.layer("roberta.encoder.layer.2.output.dense.bias"));     // RoBERTa
        assertEquals(7, LayerNames.layer("text_model.encoder.layers.7.mlp.fc1.weight"));    // CLIP
        assertEquals(4, LayerNames.layer("encoder.block.4.layer.0.SelfAttention.q.weight")); // T5
        assertEquals(-1, LayerNames.layer("model.embed_tokens.weight"));
        assertEquals(-1, LayerNames.layer("lm_head.weight"));
        assertEquals("model.layers.9.mlp.up_proj.weight", LayerNames.withLayer("model.layers.2.mlp.up_proj.weight", 9));
        assertEquals(3, LayerNames.count(List.of("model.layers.0.a", "model.layers.2.b", "lm_head.weight")));
    }

    private Path config(String yaml) throws Exception {
        Path f = dir.resolve("merge.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void modelThenSliceThenGlobalAtEachLayersT() throws Exception {
        LlamaCheckpoints.constant(dir.resolve("base"), 4, 0);
        LlamaCheckpoints.constant(dir.resolve("a"), 4, 1);
        LlamaCheckpoints.constant(dir.resolve("b"), 4, 2);
        MergeConfig c = MergeConfigReader.read(config("""
                merge_method: ties
                base_model: base
                slices:
                  - sources:
                      - {model: a, layer_range: [0, 2], parameters: {density: [{filter: mlp, value: 0.9}]}}
                      - {model: b, layer_range: [0, 2]}
                    parameters: {density: 0.6}
                  - sources:
                      - {model: a, layer_range: [2, 4]}
                      - {model: b, layer_range: [2, 4], parameters: {weight: [0, 1]}}
                parameters:
                  density: [0.2, 0.4]
                  weight: [{filter: self_attn, value: 2}, {value: 1}]
                """));
        try (MergeInputs in = MergeInputs.open(c, OpenOptions.DEFAULT)) {
            Schedule s = in.schedule();
            // slice 0 (output layers 0, 1): a's own filter on mlp, else the slice's 0.6
            assertEquals(List.of(0.9, 0.6), s.settings("model.layers.1.mlp.up_proj.weight").reals("density"));
            assertEquals(List.of(0.6, 0.6), s.settings("model.layers.0.self_attn.q_proj.weight").reals("density"));
            // slice 1 (output layers 2, 3): the global gradient at t = 0 (layer 2) and t = 1 (layer 3)
            assertEquals(List.of(0.2, 0.2), s.settings("model.layers.2.mlp.up_proj.weight").reals("density"));
            assertEquals(0.4, s.settings("model.layers.3.input_layernorm.weight").reals("density").get(1), 1e-12);
            // weights: b's own gradient in slice 1, else the global filter
            assertArrayEquals(new double[]{2, 0}, s.weights("model.layers.2.self_attn.v_proj.weight").weights());
            assertArrayEquals(new double[]{1, 1}, s.weights("model.layers.3.mlp.down_proj.weight").weights());
            assertArrayEquals(new double[]{2, 2}, s.weights("model.layers.1.self_attn.o_proj.weight").weights());
            // outside the layers: the first slice's values at t = 0
            assertEquals(List.of(0.6, 0.6), s.settings("model.norm.weight").reals("density"));
        }
    }

    @Test
    void aLinearWeightGradientMergesEachLayerAtItsT() throws Exception {
        LlamaCheckpoints.constant(dir.resolve("a"), 3, 1);
        LlamaCheckpoints.constant(dir.resolve("b"), 3, 3);
        Path out = merge("""
                merge_method: linear
                models:
                  - {model: a, parameters: {weight: [1, 0]}}
                  - {model: b, parameters: {weight: 1}}
                dtype: float32
                """);
        try (Checkpoint m = Checkpoints.open(out)) {
            // (wa·1 + 1·3) / (wa + 1) with wa = 1, 0.5, 0 at t = 0, 0.5, 1; embeddings and head at t = 0
            assertAll(m, "model.layers.0.mlp.up_proj.weight", 2f);
            assertAll(m, "model.layers.1.mlp.up_proj.weight", 3.5f / 1.5f);
            assertAll(m, "model.layers.2.self_attn.q_proj.weight", 3f);
            assertAll(m, "lm_head.weight", 2f);
        }
    }

    @Test
    @Tag("slow")
    void aVaryingDensityPlansEachTensorWithItsOwnValue() throws Exception {
        java.util.Random r = new java.util.Random(3);
        LlamaCheckpoints.write(dir.resolve("base"), 3, (n, k) -> 0);
        LlamaCheckpoints.write(dir.resolve("a"), 3, (n, k) -> r.nextGaussian());
        LlamaCheckpoints.write(dir.resolve("b"), 3, (n, k) -> r.nextGaussian());
        Path out = merge("""
                merge_method: ties
                base_model: base
                models: [{model: a}, {model: b}]
                parameters: {density: [0.2, 1.0]}
                """);
        try (Checkpoint merged = Checkpoints.open(out); Checkpoint base = Checkpoints.open(dir.resolve("base"));
             Checkpoint a = Checkpoints.open(dir.resolve("a")); Checkpoint b = Checkpoints.open(dir.resolve("b"))) {
            // each layer against a plan built with that layer's density alone, per tensor: 0.2, 0.6, 1.0
            double[] density = {0.2, 0.6, 1.0};
            for (int layer = 0; layer < 3; layer++) {
                MergeSettings s = MergeSettings.defaults(MergeMethod.TIES, 2).with("density", density[layer])
                        .with("scope", "tensor");
                MergePlan plan = MergePlan.build(s, base, List.of(a, b), Long.MAX_VALUE);
                MergedTensors t = plan.newBuffer();
                plan.apply(MergeWeights.uniform(2, 1), t);
                String name = "model.layers." + layer + ".mlp.gate_proj.weight";
                assertArrayEquals(t.get(name), merged.floats(name), name);
            }
        }
    }

    @Test
    void nuslerpWithoutABaseInterpolatesTheModelsThemselves() throws Exception {
        // every tensor of a is 1 at even positions, of b at odd ones: orthogonal, equal norms, so at t = 1/2 each
        // non-zero entry becomes sin(π/4)/sin(π/2) = √½ (no base: the models are slerped, not their differences)
        LlamaCheckpoints.write(dir.resolve("a"), 2, (n, k) -> k % 2 == 0 ? 1 : 0);
        LlamaCheckpoints.write(dir.resolve("b"), 2, (n, k) -> k % 2 == 1 ? 1 : 0);
        Path out = merge("""
                merge_method: nuslerp
                models:
                  - {model: a, parameters: {weight: 1}}
                  - {model: b, parameters: {weight: 1}}
                """);
        try (Checkpoint m = Checkpoints.open(out)) {
            for (String name : List.of("model.layers.1.mlp.up_proj.weight", "lm_head.weight")) {
                float[] v = m.floats(name);
                for (int k = 0; k < v.length; k++) assertEquals(Math.sqrt(0.5), v[k], 1e-6, name + "[" + k + "]");
            }
        }
    }

    @Test
    @Tag("slow")
    void passthroughStacksSlicesRenumbersLayersAndFixesTheConfig() throws Exception {
        LlamaCheckpoints.write(dir.resolve("x"), 3, (n, k) -> 10 * Math.max(LayerNames.layer(n), 0) + 1);
        LlamaCheckpoints.write(dir.resolve("y"), 4, (n, k) -> 100 + 10 * Math.max(LayerNames.layer(n), 0) + 2);
        Path out = dir.resolve("frank");
        run(config("""
                merge_method: passthrough
                slices:
                  - sources: [{model: x, layer_range: [0, 2]}]
                  - sources: [{model: y, layer_range: [1, 4]}]
                """), out);
        try (Checkpoint m = Checkpoints.open(out)) {
            assertEquals(5, LayerNames.count(m.tensors().stream().map(TensorInfo::name).toList()));
            assertAll(m, "model.layers.1.mlp.up_proj.weight", 11f);   // x's layer 1
            assertAll(m, "model.layers.2.mlp.up_proj.weight", 112f);  // y's layer 1
            assertAll(m, "model.layers.4.mlp.up_proj.weight", 132f);  // y's layer 3
            assertAll(m, "model.embed_tokens.weight", 1f);            // embeddings from the first slice's model
            assertAll(m, "lm_head.weight", 102f);                     // head and final norm from the last slice's
            assertAll(m, "model.norm.weight", 102f);
        }
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"num_hidden_layers\" : 5"));
    }

    @Test
    void sourcesOfASliceWithDifferentLayerCountsAreNamed() throws Exception {
        LlamaCheckpoints.constant(dir.resolve("base"), 4, 0);
        LlamaCheckpoints.constant(dir.resolve("a"), 4, 1);
        Path f = config("""
                merge_method: slerp
                base_model: base
                slices:
                  - sources:
                      - {model: base, layer_range: [0, 4]}
                      - {model: a, layer_range: [1, 4]}
                """);
        EvomergeException e = assertThrows(EvomergeException.class, () -> MergeConfigReader.read(f));
        assertEquals(f + ": slices[0].sources: the sources span different numbers of layers (a [1, 4): 3, "
                + "base [0, 4): 4); every source of a slice needs the same number", e.getMessage());
    }

    private Path merge(String yaml) throws Exception {
        Path out = dir.resolve("out.safetensors");
        run(config(yaml), out);
        return out;
    }

    private static void run(Path config, Path out) {
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", config.toString(), out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
    }

    private static void assertAll(Checkpoint m, String name, float expected) {
        for (float v : m.floats(name)) assertEquals(expected, v, 1e-6f, name);
    }
}
