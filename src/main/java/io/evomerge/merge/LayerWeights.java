package io.evomerge.merge;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * Per-model weights that vary over the layers: each model's weight is a gradient of its layer-group values, read at
 * the tensor's layer position t = layer/(N − 1) (t = 0 outside the layers), exactly as a merge config's
 * {@code weight: [v1, …, vG]} resolves, so a searched recipe written that way rebuilds the same tensors.
 *
 * @param groups {@code groups.get(i)}: model i's values, one per layer group
 */
public record LayerWeights(List<List<Double>> groups, double lambda) implements Serializable {
    public LayerWeights {
        groups = groups.stream().map(List::copyOf).toList();
    }

    /** The weights of tensor {@code name} in a model of {@code layers} layers. */
    public MergeWeights at(String name, int layers) {
        double t = position(name, layers);
        double[] w = new double[groups.size()];
        for (int i = 0; i < w.length; i++) {
            List<Double> v = groups.get(i);
            w[i] = v.size() == 1 ? v.getFirst() : new Setting.Gradient(v).at(name, t);
        }
        return new MergeWeights(w, lambda);
    }

    /** Tensor {@code name}'s layer position t = layer/(N − 1) in a model of N layers (1 when N = 1; 0 outside). */
    static double position(String name, int layers) {
        int layer = LayerNames.layer(name);
        return layer < 0 || layers == 0 ? 0 : layers == 1 ? 1 : (double) layer / (layers - 1);
    }

    /** The number of layers among {@code names} (tensor names of the model being merged). */
    public static int layers(Collection<String> names) {
        return LayerNames.count(names);
    }
}
