package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT/RoBERTa encoder as a DJL block whose parameters are named exactly like Hugging Face's BertModel
 * (without the pooler). Input NDList: input_ids, attention_mask and optionally token_type_ids, all int64
 * [batch, seq]; output: last hidden states [batch, seq, hidden].
 *
 * <p>Parameters live on the device of the manager given to {@link #initializeParameters(NDManager)}; feed inputs
 * on that device. {@link #setParameter} overwrites a parameter's existing NDArray in place, so blocks, predictors
 * and trainers holding this encoder see the new values without being rebuilt. It keeps one direct staging buffer per
 * written parameter (a host copy of the weights) so repeated writes allocate nothing on the Java side.
 * Not thread-safe.
 */
public final class BertEncoder extends AbstractBlock {
    private final BertConfig config;
    private final Map<String, Parameter> byHfName = new LinkedHashMap<>();
    /** One reusable native-order direct buffer per parameter, so repeated writes allocate nothing (see below). */
    private final Map<String, ByteBuffer> staging = new HashMap<>();

    public BertEncoder(BertConfig config) {
        this.config = config;
        List<Block> blocks = new ArrayList<>();
        blocks.add(addChildBlock("embeddings", new BertEmbeddings(config)));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            blocks.add(addChildBlock("layer" + i, new BertLayer(config, i)));
        }
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                byHfName.put(p.getValue().getName(), p.getValue());
            }
        }
    }

    public BertConfig config() {
        return config;
    }

    /** Allocates every parameter (HF initialisation) on {@code manager}'s device; call once before use. */
    public void initializeParameters(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
    }

    /** HF names and shapes of all parameters, in HF state-dict order. */
    public List<ParameterShape> parameterShapes() {
        return byHfName.values().stream().map(p -> new ParameterShape(p.getName(), p.getShape().getShape())).toList();
    }

    /** Overwrites the parameter's existing NDArray in place (no new array, block or predictor). */
    public void setParameter(String hfName, float[] data) {
        Parameter p = parameter(hfName);
        long expected = p.getShape().size();
        if (data.length != expected) {
            throw new IllegalArgumentException("parameter " + hfName + " has shape " + p.getShape() + " ("
                    + expected + " values) but got " + data.length + " values");
        }
        NDArray array = array(p);
        ByteBuffer buffer = staging.computeIfAbsent(hfName,
                n -> ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder()));
        buffer.clear();
        buffer.asFloatBuffer().put(data);
        // The view aliases the staging buffer (no copy); InPlaceWrite copies it into the parameter's own storage.
        try (NDArray view = array.getManager().create(buffer, array.getShape(), DataType.FLOAT32)) {
            InPlaceWrite.copy(view, array);
        }
    }

    public float[] getParameter(String hfName) {
        return array(parameter(hfName)).toFloatArray();
    }

    /** The live NDArray of a parameter (owned by the encoder: do not close it). */
    public NDArray parameterArray(String hfName) {
        return array(parameter(hfName));
    }

    /**
     * Sets every parameter from flat row-major HF-layout arrays. Every encoder parameter must be present; extra
     * entries (e.g. {@code pooler.*}) are ignored. Everything is checked before anything is written.
     */
    public void loadParameters(Map<String, float[]> weights) {
        for (ParameterShape spec : parameterShapes()) {
            float[] data = required(weights.get(spec.name()), spec.name());
            if (data.length != spec.elementCount()) {
                throw new IllegalArgumentException("weight " + spec.name() + ": expected shape "
                        + Arrays.toString(spec.shape()) + " (" + spec.elementCount() + " values) but got "
                        + data.length + " values");
            }
        }
        byHfName.keySet().forEach(name -> setParameter(name, weights.get(name)));
    }

    /** Like {@link #loadParameters(Map)} but also checks each tensor's shape against the HF shape. */
    public void loadTensors(Collection<NamedTensor> tensors) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NamedTensor t : tensors) {
            Parameter p = byHfName.get(t.name());
            if (p != null && !Arrays.equals(p.getShape().getShape(), t.shape())) {
                throw new IllegalArgumentException("weight " + t.name() + ": expected shape " + p.getShape()
                        + " but got " + Arrays.toString(t.shape()));
            }
            weights.put(t.name(), t.data());
        }
        loadParameters(weights);
    }

    /**
     * Inference forward pass; {@code tokenTypeIds} may be null (all zeros). Intermediates and the result are
     * attached to {@code inputIds}' manager, so run it inside a sub-manager that the caller closes.
     */
    public NDArray lastHiddenState(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
        ParameterStore store = new ParameterStore(inputIds.getManager(), false);
        NDList inputs = tokenTypeIds == null ? new NDList(inputIds, attentionMask)
                : new NDList(inputIds, attentionMask, tokenTypeIds);
        return forward(store, inputs, false).singletonOrThrow();
    }

    /** Mean of the hidden states over unmasked tokens (sentence-transformers mean pooling): [batch, hidden]. */
    public static NDArray meanPool(NDArray lastHiddenState, NDArray attentionMask) {
        NDArray mask = attentionMask.toType(lastHiddenState.getDataType(), false).expandDims(-1);
        NDArray counts = mask.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE);
        return lastHiddenState.mul(mask).sum(new int[] {1}).div(counts);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray types = inputs.size() > 2 ? inputs.get(2) : ids.zerosLike();
        NDArray hidden = children.get(0).getValue()
                .forward(ps, new NDList(ids, types, positionIds(ids, config)), training).singletonOrThrow();
        // HF's extended attention mask: 0 where attended, the most negative float where masked.
        NDArray maskBias = mask.toType(hidden.getDataType(), false).neg().add(1f).mul(-Float.MAX_VALUE)
                .reshape(ids.getShape().get(0), 1, 1, ids.getShape().get(1));
        for (int i = 1; i < children.size(); i++) {
            hidden = children.get(i).getValue().forward(ps, new NDList(hidden, maskBias), training).singletonOrThrow();
        }
        return new NDList(hidden);
    }

    /** BERT: 0..seq-1. RoBERTa (as HF create_position_ids_from_input_ids): pad+1.. over non-pad tokens, pad else. */
    static NDArray positionIds(NDArray ids, BertConfig config) {
        long seq = ids.getShape().get(1);
        long needed = config.isRoberta() ? seq + config.padTokenId() + 1 : seq;
        if (needed > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("input length " + seq + " needs " + needed
                    + " positions but max_position_embeddings is " + config.maxPositionEmbeddings()
                    + "; truncate in the tokenizer");
        }
        if (!config.isRoberta()) {
            return ids.getManager().arange(0, (int) seq, 1, DataType.INT64, ids.getDevice())
                    .expandDims(0).broadcast(ids.getShape());
        }
        NDArray notPad = ids.neq(config.padTokenId()).toType(DataType.INT64, false);
        return notPad.cumSum(1).mul(notPad).add(config.padTokenId());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(config.hiddenSize()))};
    }

    private Parameter parameter(String hfName) {
        Parameter p = byHfName.get(hfName);
        if (p == null) {
            throw new IllegalArgumentException("unknown BERT parameter '" + hfName
                    + "'; see BertEncoder.parameterShapes() for valid names");
        }
        return p;
    }

    private static NDArray array(Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + p.getName()
                    + " is not allocated; call BertEncoder.initializeParameters(manager) first");
        }
        return p.getArray();
    }

    private static float[] required(float[] data, String name) {
        if (data == null) {
            throw new IllegalArgumentException("weights lack parameter " + name);
        }
        return data;
    }
}
