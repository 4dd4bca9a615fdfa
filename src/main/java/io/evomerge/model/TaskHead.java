package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's own head (never merged): pooling, dropout in training, then a linear layer to {@link HeadConfig#outputs()}
 * scores. Input NDList: last hidden state [rows, seq, hidden] and attention mask [rows, seq]; a bi-encoder head takes
 * two such pairs, the first and the second sentences of the same examples, and scores (u, v, |u - v|, u * v) of
 * their pooled vectors, or only their cosine times {@link #COSINE_SCALE}. Output [rows, outputs]. Parameter names:
 * {@code head.dense.weight/bias}, plus {@code head.pooler.weight/bias} for {@link Pooling#POOLER}.
 */
public final class TaskHead extends AbstractBlock {
    public static final String PREFIX = "head.";
    /**
     * The cosine head's input is 20 cos(u, v), the scale sentence-transformers' CoSENT and ranking losses use. Classes
     * whose cosines differ by tenths need logit slopes of tens; on the scaled input the weights stay near 1, within
     * reach of the linear probe's L2 penalty and of fine-tuning's small learning rate.
     */
    static final float COSINE_SCALE = 20f;

    private final HeadConfig config;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final Parameter denseW;
    private final Parameter denseB;
    private final Parameter poolerW;
    private final Parameter poolerB;

    public TaskHead(HeadConfig config, int hiddenSize) {
        this.config = config;
        boolean pooler = config.pooling() == Pooling.POOLER;
        poolerW = pooler ? add(HfParameters.weight("head.pooler.weight", hiddenSize, hiddenSize)) : null;
        poolerB = pooler ? add(HfParameters.bias("head.pooler.bias", hiddenSize)) : null;
        denseW = add(HfParameters.weight("head.dense.weight", config.outputs(), config.features(hiddenSize)));
        denseB = add(HfParameters.bias("head.dense.bias", config.outputs()));
    }

    private Parameter add(Parameter p) {
        byName.put(p.getName(), addParameter(p));
        return p;
    }

    public HeadConfig config() {
        return config;
    }

    /** Allocates the parameters (normal(0.02) weights, zero biases, from the engine's seeded RNG). */
    public void initializeParameters(NDManager manager, int hiddenSize) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, hiddenSize), new Shape(1, 1));
    }

    /** Names and shapes, e.g. {@code head.dense.weight [outputs, hidden]}. */
    public List<ParameterShape> parameterShapes() {
        return byName.values().stream().map(p -> new ParameterShape(p.getName(), p.getShape().getShape())).toList();
    }

    /** Current values by name, in {@link #parameterShapes()} order. */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        byName.forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
        return out;
    }

    /** Sets every parameter (all must be present with the right sizes; checked before anything is written). */
    public void load(Map<String, float[]> weights) {
        for (ParameterShape s : parameterShapes()) {
            float[] data = weights.get(s.name());
            if (data == null || data.length != s.elementCount()) {
                throw new IllegalArgumentException("head weight " + s + (data == null ? " is missing"
                        : " has " + data.length + " values"));
            }
        }
        byName.forEach((name, p) -> {
            NDArray array = p.getArray();
            try (NDArray values = array.getManager().create(weights.get(name), array.getShape())) {
                InPlaceWrite.copy(values, array);
            }
        });
    }

    /** Inference for a cross-encoder or multiple-choice head: scores [rows, outputs] on {@code hidden}'s manager. */
    public NDArray scores(NDArray hidden, NDArray attentionMask) {
        ParameterStore store = new ParameterStore(hidden.getManager(), false);
        return forward(store, new NDList(hidden, attentionMask), false).singletonOrThrow();
    }

    /** Inference: the pooled vectors [rows, hidden], one per input row (for scoring bi-encoder rows batch by batch). */
    public NDArray pool(NDArray hidden, NDArray attentionMask) {
        return pool(new ParameterStore(hidden.getManager(), false), hidden, attentionMask, false);
    }

    /** Inference for a bi-encoder head: scores [examples, outputs] from pooled pairs [examples, 2, hidden]. */
    public NDArray pairScores(NDArray pooledPairs) {
        ParameterStore store = new ParameterStore(pooledPairs.getManager(), false);
        return classify(store, pairFeatures(pooledPairs), false).singletonOrThrow();
    }

    /** Inference: the linear layer's input [examples, features] from pooled rows ([examples, 2, hidden] for pairs). */
    public NDArray features(NDArray pooled) {
        return config.biEncoder() ? pairFeatures(pooled) : pooled;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (config.biEncoder() != (inputs.size() == 4)) {
            throw new IllegalArgumentException((config.biEncoder() ? "a bi-encoder" : "this") + " head takes "
                    + (config.biEncoder() ? 2 : 1) + " (hidden state, mask) pair(s), got " + inputs.size() + " arrays");
        }
        NDArray pooled = pool(ps, inputs.get(0), inputs.get(1), training);
        if (config.biEncoder()) {
            NDArray second = pool(ps, inputs.get(2), inputs.get(3), training);
            pooled = pairFeatures(NDArrays.stack(new NDList(pooled, second), 1));
        }
        return classify(ps, pooled, training);
    }

    private NDArray pool(ParameterStore ps, NDArray hidden, NDArray attentionMask, boolean training) {
        var device = hidden.getDevice();
        return switch (config.pooling()) {
            case MEAN -> BertEncoder.meanPool(hidden, attentionMask);
            case CLS -> cls(hidden);
            case POOLER -> Linear.linear(cls(hidden), ps.getValue(poolerW, device, training),
                    ps.getValue(poolerB, device, training)).singletonOrThrow().tanh();
        };
    }

    /**
     * Sentence-BERT's classifier input from pooled pairs [examples, 2, hidden]: u and v scaled to unit length (as
     * sentence-transformers' Normalize layer does, so u * v sums to their cosine), then (u, v, |u - v|, u * v),
     * [examples, 4 hidden]; for the cosine head, {@link #COSINE_SCALE} times the sum of u * v, [examples, 1].
     */
    private NDArray pairFeatures(NDArray pairs) {
        // sqrt(|x|^2 + eps) rather than norm(): its gradient is finite everywhere (the norm's was NaN in training)
        NDArray unit = pairs.div(pairs.square().sum(new int[] {2}, true).add(1e-12f).sqrt());
        NDArray u = unit.get(":, 0, :");
        NDArray v = unit.get(":, 1, :");
        if (config.cosine()) {
            return u.mul(v).sum(new int[] {1}, true).mul(NativeScalar.of(u, COSINE_SCALE));
        }
        return NDArrays.concat(new NDList(u, v, u.sub(v).abs(), u.mul(v)), 1);
    }

    private NDList classify(ParameterStore ps, NDArray features, boolean training) {
        var device = features.getDevice();
        // the cosine head's single input is not dropped: dropout would blank a tenth of the examples' whole signal
        if (training && config.dropout() > 0 && !config.cosine()) {
            features = Dropout.dropout(features, config.dropout(), true).singletonOrThrow();
        }
        return Linear.linear(features, ps.getValue(denseW, device, training), ps.getValue(denseB, device, training));
    }

    private static NDArray cls(NDArray hidden) {
        return hidden.get(":, 0, :");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.outputs())};
    }
}
