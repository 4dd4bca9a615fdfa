package io.evomerge.merge;

import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorInfo;
import io.evomerge.cli.Main;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mergekit's six example configs ({@code examples/*.yml} of arcee-ai/mergekit), as published but for the Hugging
 * Face model names, which point at small Llama-shaped checkpoints written here (40 layers like the 13B models the
 * examples name, hidden size 4). Each runs in {@code evomerge merge}; the results are checked by hand where the
 * inputs make that possible.
 */
class MergekitExamplesTest {
    private static final Map<String, String> LOCAL = Map.of(
            "psmathur/orca_mini_v3_13b", "orca", "WizardLM/WizardLM-13B-V1.2", "wizardlm",
            "garage-bAInd/Platypus2-13B", "platypus", "WizardLM/WizardMath-13B-V1.0", "wizardmath",
            "TheBloke/Llama-2-13B-fp16", "llama2", "mistralai/Mistral-7B-Instruct-v0.2", "mistral_instruct",
            "BioMistral/BioMistral-7B", "biomistral", "mistralai/Mistral-7B-v0.1", "mistral");
    private static final int LAYERS = 40;

    @TempDir
    Path dir;

    /** Writes {@code yaml} with the model names mapped, runs evomerge merge into a folder, opens the result. */
    private Checkpoint merge(String yaml) throws Exception {
        for (Map.Entry<String, String> e : LOCAL.entrySet()) yaml = yaml.replace(e.getKey(), e.getValue());
        Path config = dir.resolve("config.yml");
        Files.writeString(config, yaml);
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", config.toString(), out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        return Checkpoints.open(out);
    }

    private void random(String name, long seed) {
        Random r = new Random(seed);
        LlamaCheckpoints.write(dir.resolve(name), LAYERS, DType.BF16, (n, k) -> r.nextGaussian());
    }

    @Test
    void linear() throws Exception {
        LlamaCheckpoints.constant(dir.resolve("orca"), LAYERS, 1);
        LlamaCheckpoints.constant(dir.resolve("wizardlm"), LAYERS, 2);
        LlamaCheckpoints.constant(dir.resolve("platypus"), LAYERS, 3);
        try (Checkpoint m = merge("""
                models:
                  - model: psmathur/orca_mini_v3_13b
                    parameters:
                      weight: 1.0
                  - model: WizardLM/WizardLM-13B-V1.2
                    parameters:
                      weight: 0.3
                  - model: garage-bAInd/Platypus2-13B
                    parameters:
                      weight: 0.5
                merge_method: linear
                dtype: float16
                """)) {
            // (1·1 + 0.3·2 + 0.5·3) / 1.8
            for (TensorInfo t : m.tensors()) {
                assertEquals(DType.F16, t.dtype());
                for (float v : m.floats(t.name())) assertEquals(3.1 / 1.8, v, 1e-3, t.name());
            }
        }
    }

    @Test
    @Tag("slow")
    void ties() throws Exception {
        for (String n : new String[]{"llama2", "orca", "platypus", "wizardmath"}) random(n, n.hashCode());
        try (Checkpoint m = merge("""
                models:
                  - model: psmathur/orca_mini_v3_13b
                    parameters:
                      density: [1, 0.7, 0.1] # density gradient
                      weight: 1.0
                  - model: garage-bAInd/Platypus2-13B
                    parameters:
                      density: 0.5
                      weight: [0, 0.3, 0.7, 1] # weight gradient
                  - model: WizardLM/WizardMath-13B-V1.0
                    parameters:
                      density: 0.33
                      weight:
                        - filter: mlp
                          value: 0.5
                        - value: 0
                merge_method: ties
                base_model: TheBloke/Llama-2-13B-fp16
                parameters:
                  normalize: true
                  int8_mask: true
                dtype: float16
                """)) {
            assertEquals(LayerLayout.of(dir.resolve("llama2")), LayerLayout.of(m));
            assertFinite(m, DType.F16);
        }
    }

    @Test
    void bioMerge() throws Exception {
        for (String n : new String[]{"mistral", "mistral_instruct", "biomistral"}) random(n, n.hashCode());
        try (Checkpoint m = merge("""
                models:
                  - model: mistralai/Mistral-7B-Instruct-v0.2
                    parameters:
                      density: 0.5
                      weight: 0.5
                  - model: BioMistral/BioMistral-7B
                    parameters:
                      density: 0.5
                      weight: 0.5
                merge_method: ties
                base_model: mistralai/Mistral-7B-v0.1
                parameters:
                  normalize: false
                  int8_mask: true
                dtype: float16""")) {
            assertFinite(m, DType.F16);
        }
    }

    @Test
    void gradientSlerp() throws Exception {
        LlamaCheckpoints.constant(dir.resolve("orca"), LAYERS, 1);
        LlamaCheckpoints.constant(dir.resolve("platypus"), LAYERS, 3);
        try (Checkpoint m = merge("""
                slices:
                  - sources:
                      - model: psmathur/orca_mini_v3_13b
                        layer_range: [0, 40]
                      - model: garage-bAInd/Platypus2-13B
                        layer_range: [0, 40]
                # or, the equivalent models: syntax:
                # models:
                #   - model: psmathur/orca_mini_v3_13b
                #   - model: garage-bAInd/Platypus2-13B
                merge_method: slerp
                base_model: psmathur/orca_mini_v3_13b
                parameters:
                  t:
                    - filter: self_attn
                      value: [0, 0.5, 0.3, 0.7, 1]
                    - filter: mlp
                      value: [1, 0.5, 0.7, 0.3, 0]
                    - value: 0.5 # fallback for rest of tensors
                dtype: float16
                """)) {
            // constant models are colinear, so slerp is the line 1 + 2t; layer 13 of 40: t = 1/3, scaled 4/3,
            // self_attn 0.5·2/3 + 0.3·1/3 = 13/30, mlp 0.5·2/3 + 0.7·1/3 = 17/30
            assertAll(m, "model.layers.0.self_attn.q_proj.weight", 1);
            assertAll(m, "model.layers.39.self_attn.o_proj.weight", 3);
            assertAll(m, "model.layers.0.mlp.up_proj.weight", 3);
            assertAll(m, "model.layers.13.self_attn.k_proj.weight", 1 + 2 * 13.0 / 30);
            assertAll(m, "model.layers.13.mlp.down_proj.weight", 1 + 2 * 17.0 / 30);
            assertAll(m, "model.layers.13.input_layernorm.weight", 2);
            assertAll(m, "lm_head.weight", 2);
        }
    }

    @Test
    void orcaminiPlaty44Layer() throws Exception {
        LlamaCheckpoints.write(dir.resolve("orca"), LAYERS, (n, k) -> 10 * Math.max(LayerNames.layer(n), 0) + 1);
        LlamaCheckpoints.write(dir.resolve("platypus"), LAYERS, (n, k) -> 1000 + 10 * Math.max(LayerNames.layer(n), 0));
        try (Checkpoint m = merge("""
                slices:
                  - sources:
                    - model: psmathur/orca_mini_v3_13b
                      layer_range: [0, 24]
                  - sources:
                    - model: garage-bAInd/Platypus2-13B
                      layer_range: [20, 40]
                merge_method: passthrough
                dtype: float16
                """)) {
            assertEquals(44, LayerNames.count(m.tensors().stream().map(TensorInfo::name).toList()));
            assertAll(m, "model.layers.23.mlp.up_proj.weight", 231);   // orca's layer 23
            assertAll(m, "model.layers.24.mlp.up_proj.weight", 1200);  // platypus's layer 20
            assertAll(m, "model.layers.43.mlp.up_proj.weight", 1390);  // platypus's layer 39
            assertAll(m, "model.embed_tokens.weight", 1);
            assertAll(m, "lm_head.weight", 1000);
        }
        assertTrue(Files.readString(dir.resolve("out/config.json")).contains("\"num_hidden_layers\" : 44"));
    }

    @Test
    void arceeFusion() throws Exception {
        random("model_a", 1);
        random("model_b", 2);
        try (Checkpoint m = merge("""
                models:
                  - model: model_a
                  - model: model_b
                merge_method: arcee_fusion
                base_model: model_a
                dtype: bfloat16
                """); Checkpoint a = Checkpoints.open(dir.resolve("model_a"));
             Checkpoint b = Checkpoints.open(dir.resolve("model_b"))) {
            // every entry is model_a's or, where the change is important, model_b's (bf16 inputs: exact)
            int fromB = 0, total = 0;
            for (TensorInfo t : m.tensors()) {
                float[] out = m.floats(t.name()), x = a.floats(t.name()), y = b.floats(t.name());
                for (int k = 0; k < out.length; k++) {
                    assertTrue(out[k] == x[k] || out[k] == y[k], t.name() + "[" + k + "]");
                    if (out[k] == y[k] && x[k] != y[k]) fromB++;
                    total++;
                }
            }
            assertTrue(fromB > 0 && fromB < total / 2, fromB + " of " + total + " taken from model_b");
        }
    }

    private static void assertFinite(Checkpoint m, DType dtype) {
        for (TensorInfo t : m.tensors()) {
            assertEquals(dtype, t.dtype(), t.name());
            for (float v : m.floats(t.name())) assertTrue(Float.isFinite(v), t.name());
        }
    }

    private static void assertAll(Checkpoint m, String name, double expected) {
        for (float v : m.floats(name)) assertEquals(expected, v, 2e-3 * Math.max(1, Math.abs(expected)), name);
    }

    /** Tensor names and shapes, to compare an output's layout with its base's. */
    private record LayerLayout(Map<String, String> shapes) {
        static LayerLayout of(Path model) {
            try (Checkpoint c = Checkpoints.open(model)) {
                return of(c);
            }
        }

        static LayerLayout of(Checkpoint c) {
            Map<String, String> s = new java.util.TreeMap<>();
            for (TensorInfo t : c.tensors()) s.put(t.name(), t.shapeString());
            return new LayerLayout(s);
        }
    }
}
