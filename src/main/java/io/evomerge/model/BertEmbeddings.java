package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** HF BertEmbeddings: word + position + token-type embeddings, then LayerNorm. Input: ids, token types, positions. */
final class BertEmbeddings extends AbstractBlock {
    private final BertConfig config;
    private final Parameter word;
    private final Parameter position;
    private final Parameter tokenType;
    private final Parameter gamma;
    private final Parameter beta;

    BertEmbeddings(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        word = addParameter(HfParameters.weight("embeddings.word_embeddings.weight", config.vocabSize(), h));
        position = addParameter(HfParameters.weight("embeddings.position_embeddings.weight",
                config.maxPositionEmbeddings(), h));
        tokenType = addParameter(HfParameters.weight("embeddings.token_type_embeddings.weight",
                config.typeVocabSize(), h));
        gamma = addParameter(HfParameters.layerNormGamma("embeddings.LayerNorm.weight", h));
        beta = addParameter(HfParameters.layerNormBeta("embeddings.LayerNorm.bias", h));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        var device = inputs.head().getDevice();
        NDArray sum = lookup(inputs.get(0), ps.getValue(word, device, training))
                .add(lookup(inputs.get(1), ps.getValue(tokenType, device, training)))
                .add(lookup(inputs.get(2), ps.getValue(position, device, training)));
        return LayerNorm.layerNorm(sum, new Shape(config.hiddenSize()), ps.getValue(gamma, device, training),
                ps.getValue(beta, device, training), (float) config.layerNormEps());
    }

    private static NDArray lookup(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(config.hiddenSize()))};
    }
}
