package io.evomerge.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/** Turns a PyTorch-exported BERT ONNX file into a {@link BertConfig} and the complete HF-named encoder weights. */
final class OnnxBertImport {
    private static final String LAYER_PREFIX = "encoder.layer.";

    private OnnxBertImport() {
    }

    record Result(BertConfig config, List<NamedTensor> weights) {
    }

    /**
     * Sizes come from tensor shapes; the head count from the graph's attention scale when present, otherwise from
     * {@code expectedHeads}; the two must agree. BERT defaults apply to eps and activation (these exports use
     * 1e-12 and erf GELU, as their HF configs state).
     */
    static Result read(Path onnxFile, String modelType, int expectedHeads) {
        OnnxModel model = OnnxModel.read(onnxFile);
        Map<String, NamedTensor> named = OnnxBertWeights.tensors(model, onnxFile.toString());
        long[] word = shape(named, "embeddings.word_embeddings.weight", onnxFile);
        int intermediate = (int) shape(named, LAYER_PREFIX + "0.intermediate.dense.bias", onnxFile)[0];
        int positions = (int) shape(named, "embeddings.position_embeddings.weight", onnxFile)[0];
        int tokenTypes = (int) shape(named, "embeddings.token_type_embeddings.weight", onnxFile)[0];
        int layers = (int) IntStream.iterate(0, i -> named.containsKey(LAYER_PREFIX + i + ".output.dense.bias"),
                i -> i + 1).count();
        int hidden = (int) word[1];
        int heads = heads(model, hidden, expectedHeads, onnxFile);
        BertConfig config = new BertConfig(modelType, (int) word[0], hidden, layers, heads, intermediate, positions,
                tokenTypes, 1e-12, "gelu", "roberta".equals(modelType) ? 1 : 0);

        List<NamedTensor> weights = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ParameterShape spec : new BertEncoder(config).parameterShapes()) {
            NamedTensor t = named.get(spec.name());
            if (t == null) {
                missing.add(spec.name());
            } else if (!Arrays.equals(t.shape(), spec.shape())) {
                throw new IllegalStateException(onnxFile + ": tensor " + spec.name() + " has shape "
                        + Arrays.toString(t.shape()) + " but the derived config needs " + spec);
            } else {
                weights.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(onnxFile + ": no ONNX initializer could be named " + missing);
        }
        return new Result(config, weights);
    }

    private static int heads(OnnxModel model, int hidden, int expectedHeads, Path onnxFile) {
        OptionalInt headSize = OnnxBertWeights.attentionHeadSize(model);
        if (headSize.isEmpty()) {
            return expectedHeads;
        }
        int size = headSize.getAsInt();
        if (size <= 0 || hidden % size != 0 || hidden / size != expectedHeads) {
            throw new IllegalStateException(onnxFile + ": attention scale implies head size " + size + " for hidden "
                    + hidden + ", but the model is documented with " + expectedHeads + " heads");
        }
        return expectedHeads;
    }

    private static long[] shape(Map<String, NamedTensor> named, String name, Path onnxFile) {
        NamedTensor t = named.get(name);
        if (t == null) {
            throw new IllegalStateException(onnxFile + ": no tensor " + name + " found; is this a BERT export?");
        }
        return t.shape();
    }
}
