package io.evomerge.merge;

import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * Writes tiny Llama-shaped Hugging Face folders (config.json with num_hidden_layers, safetensors with Llama's tensor
 * names: embeddings, per layer attention/MLP projections and norms, final norm, lm_head) with values given per
 * tensor name and element index, so that merges of them can be computed by hand.
 */
final class LlamaCheckpoints {
    static final int HIDDEN = 4, INTERMEDIATE = 6, VOCAB = 5;

    private LlamaCheckpoints() {
    }

    static List<TensorSpec> layout(int layers, DType dtype) {
        List<TensorSpec> specs = new ArrayList<>();
        specs.add(new TensorSpec("model.embed_tokens.weight", dtype, new long[]{VOCAB, HIDDEN}));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
                specs.add(new TensorSpec(p + "self_attn." + proj + ".weight", dtype, new long[]{HIDDEN, HIDDEN}));
            }
            specs.add(new TensorSpec(p + "mlp.gate_proj.weight", dtype, new long[]{INTERMEDIATE, HIDDEN}));
            specs.add(new TensorSpec(p + "mlp.up_proj.weight", dtype, new long[]{INTERMEDIATE, HIDDEN}));
            specs.add(new TensorSpec(p + "mlp.down_proj.weight", dtype, new long[]{HIDDEN, INTERMEDIATE}));
            specs.add(new TensorSpec(p + "input_layernorm.weight", dtype, new long[]{HIDDEN}));
            specs.add(new TensorSpec(p + "post_attention_layernorm.weight", dtype, new long[]{HIDDEN}));
        }
        specs.add(new TensorSpec("model.norm.weight", dtype, new long[]{HIDDEN}));
        specs.add(new TensorSpec("lm_head.weight", dtype, new long[]{VOCAB, HIDDEN}));
        return specs;
    }

    /** A folder {@code dir} holding a {@code layers}-layer model whose element k of tensor n is {@code value(n, k)}. */
    static Path write(Path dir, int layers, ToDoubleBiFunction<String, Integer> value) {
        return write(dir, layers, DType.F32, value);
    }

    static Path write(Path dir, int layers, DType dtype, ToDoubleBiFunction<String, Integer> value) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), "{\n  \"architectures\": [\"LlamaForCausalLM\"],\n"
                    + "  \"model_type\": \"llama\",\n  \"hidden_size\": " + HIDDEN + ",\n  \"intermediate_size\": "
                    + INTERMEDIATE + ",\n  \"num_attention_heads\": 2,\n  \"num_hidden_layers\": " + layers
                    + ",\n  \"vocab_size\": " + VOCAB + "\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TensorSpec> specs = layout(layers, dtype);
        try (CheckpointWriter w = CheckpointWriter.create(dir.resolve("model.safetensors"), specs, WriteOptions.single(Map.of()))) {
            for (TensorSpec t : specs) {
                float[] v = new float[Math.toIntExact(t.numel())];
                for (int k = 0; k < v.length; k++) v[k] = (float) value.applyAsDouble(t.name(), k);
                w.write(t.name(), v);
            }
            w.commit();
        }
        return dir;
    }

    /** Every element of every tensor equal to {@code c}. */
    static Path constant(Path dir, int layers, double c) {
        return write(dir, layers, (n, k) -> c);
    }
}
