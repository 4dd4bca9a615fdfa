package io.evomerge.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Recovers Hugging Face names and layouts from a PyTorch-exported BERT ONNX graph. Biases, LayerNorms and
 * embeddings keep their HF names; 2-D Linear weights are anonymous {@code onnx::MatMul_N} initializers stored
 * [in, out], named here by following MatMul → Add(bias) and transposed to HF's [out, in].
 */
final class OnnxBertWeights {
    private static final String WORD = "embeddings.word_embeddings.weight";
    private static final String TOKEN_TYPE = "embeddings.token_type_embeddings.weight";
    private static final String POSITION = "embeddings.position_embeddings.weight";

    private OnnxBertWeights() {
    }

    /** All float tensors with HF names, in graph order (extra HF-named tensors such as a pooler included). */
    static Map<String, NamedTensor> tensors(OnnxModel model, String source) {
        Map<String, List<OnnxNode>> consumers = consumers(model);
        Map<String, NamedTensor> named = new LinkedHashMap<>();
        for (OnnxTensor t : model.initializers().values()) {
            if (t.dataType() == OnnxTensor.FLOAT && !t.name().startsWith("onnx::")) {
                named.put(t.name(), new NamedTensor(t.name(), t.dims(), t.floats()));
            }
        }
        for (OnnxNode node : model.nodes()) {
            if (node.opType().equals("MatMul") && node.inputs().size() == 2) {
                OnnxTensor w = model.initializers().get(node.inputs().get(1));
                if (w != null && w.dims().length == 2 && w.name().startsWith("onnx::")) {
                    String name = weightName(node, consumers, source, w.name());
                    named.put(name, transposed(name, w));
                }
            }
        }
        nameEmbeddingsByGather(model, named);
        return named;
    }

    /** Head size from the attention scale: the scalar that Q·Kᵀ is divided by is sqrt(head size). */
    static OptionalInt attentionHeadSize(OnnxModel model) {
        Map<String, OnnxNode> producers = new HashMap<>();
        model.nodes().forEach(n -> n.outputs().forEach(o -> producers.put(o, n)));
        for (OnnxNode node : model.nodes()) {
            if (!node.opType().equals("Div") || node.inputs().size() != 2) {
                continue;
            }
            OnnxNode matMul = producers.get(node.inputs().get(0));
            boolean activationsOnly = matMul != null && matMul.opType().equals("MatMul")
                    && matMul.inputs().stream().noneMatch(model.initializers()::containsKey);
            OnnxTensor scale = scalar(model, producers, node.inputs().get(1));
            if (activationsOnly && scale != null) {
                float s = scale.floats()[0];
                return OptionalInt.of(Math.round(s * s));
            }
        }
        return OptionalInt.empty();
    }

    private static OnnxTensor scalar(OnnxModel model, Map<String, OnnxNode> producers, String name) {
        OnnxNode constant = producers.get(name);
        OnnxTensor t = constant != null && constant.opType().equals("Constant")
                ? constant.value() : model.initializers().get(name);
        return t != null && t.dataType() == OnnxTensor.FLOAT && t.elementCount() == 1 ? t : null;
    }

    private static String weightName(OnnxNode matMul, Map<String, List<OnnxNode>> consumers, String source,
                                     String initializer) {
        for (OnnxNode add : consumers.getOrDefault(matMul.outputs().get(0), List.of())) {
            if (add.opType().equals("Add")) {
                for (String input : add.inputs()) {
                    if (input.endsWith(".bias")) {
                        return input.substring(0, input.length() - ".bias".length()) + ".weight";
                    }
                }
            }
        }
        throw new IllegalStateException(source + ": MatMul weight " + initializer
                + " is not followed by an Add of a named bias; cannot recover its Hugging Face name");
    }

    /** Fallback for exports that anonymise embedding tables: classify Gather(table, ids) by the ids input. */
    private static void nameEmbeddingsByGather(OnnxModel model, Map<String, NamedTensor> named) {
        if (named.keySet().containsAll(Set.of(WORD, TOKEN_TYPE, POSITION))) {
            return;
        }
        for (OnnxNode node : model.nodes()) {
            OnnxTensor table = node.opType().equals("Gather") ? model.initializers().get(node.inputs().get(0)) : null;
            if (table == null || table.dims().length != 2 || table.dataType() != OnnxTensor.FLOAT) {
                continue;
            }
            String ids = node.inputs().get(1);
            String name = ids.equals("input_ids") ? WORD : ids.equals("token_type_ids") ? TOKEN_TYPE : POSITION;
            named.putIfAbsent(name, new NamedTensor(name, table.dims(), table.floats()));
        }
    }

    private static NamedTensor transposed(String name, OnnxTensor w) {
        int rows = (int) w.dims()[0];
        int cols = (int) w.dims()[1];
        float[] in = w.floats();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return new NamedTensor(name, new long[] {cols, rows}, out);
    }

    private static Map<String, List<OnnxNode>> consumers(OnnxModel model) {
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        for (OnnxNode node : model.nodes()) {
            for (String input : node.inputs()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        return consumers;
    }
}
