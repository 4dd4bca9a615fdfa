package io.evomerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block whose parameters are addressed by their full Hugging Face names (the shared base of every encoder):
 * listing them with HF shapes, loading them from HF tensors, and overwriting one in place.
 *
 * <p>{@link #setParameter} overwrites a parameter's existing NDArray in place, so blocks, predictors and trainers
 * holding the encoder see the new values without being rebuilt. It keeps one direct staging buffer per written
 * parameter (a host copy of the weights) so repeated writes allocate nothing on the Java side. Not thread-safe.
 */
public abstract class HfBlock extends AbstractBlock {
    private final Map<String, Parameter> byHfName = new LinkedHashMap<>();
    /** One reusable native-order direct buffer per parameter, so repeated writes allocate nothing (see below). */
    private final Map<String, ByteBuffer> staging = new HashMap<>();

    /** What the block is, for messages ("BERT", "CLIP vision"). */
    protected abstract String kind();

    /** Allocates every parameter (HF initialisation) on {@code manager}'s device; call once before use. */
    public abstract void initializeParameters(NDManager manager);

    /** Indexes the direct parameters of {@code blocks} by HF name; call in HF state-dict order. */
    protected final void index(Block... blocks) {
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                byHfName.put(p.getValue().getName(), p.getValue());
            }
        }
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

    /** The live NDArray of a parameter (owned by the block: do not close it). */
    public NDArray parameterArray(String hfName) {
        return array(parameter(hfName));
    }

    /**
     * Sets every parameter from flat row-major HF-layout arrays. Every parameter must be present; extra entries
     * (e.g. {@code pooler.*}, the other CLIP tower) are ignored. Everything is checked before anything is written.
     */
    public void loadParameters(Map<String, float[]> weights) {
        for (ParameterShape spec : parameterShapes()) {
            float[] data = weights.get(spec.name());
            if (data == null) {
                throw new IllegalArgumentException("weights lack parameter " + spec.name());
            }
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

    private Parameter parameter(String hfName) {
        Parameter p = byHfName.get(hfName);
        if (p == null) {
            throw new IllegalArgumentException("unknown " + kind() + " parameter '" + hfName
                    + "'; see parameterShapes() for valid names");
        }
        return p;
    }

    private NDArray array(Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter " + p.getName()
                    + " is not allocated; call initializeParameters(manager) first");
        }
        return p.getArray();
    }
}
