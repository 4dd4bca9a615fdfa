package io.evomerge.merge;

import io.evomerge.checkpoint.DType;

import java.nio.file.Path;
import java.util.List;

/**
 * A merge as a config file describes it (mergekit's YAML shape).
 *
 * @param baseModel the base θ0, or null when the method needs none (linear, passthrough, nuslerp)
 * @param models    the models merged into the base (the base itself is not among them); for passthrough, none
 * @param slices    the {@code slices:} form's layer ranges, or empty for the {@code models:} form
 * @param dtype     the output's float dtype ({@code out_dtype}, else {@code dtype}); null keeps each tensor's own
 */
public record MergeConfig(Path source, MergeMethod method, Path baseModel, List<Path> models, List<Slice> slices,
                          ConfigParameters parameters, DType dtype) {
    public MergeConfig {
        models = List.copyOf(models);
        slices = List.copyOf(slices);
    }

    /** One output slice: the layer range taken from each model ({@code base}: the base's, or null). */
    public record Slice(String key, SliceSource base, List<SliceSource> sources) {
        public Slice {
            sources = List.copyOf(sources);
        }

        int count() {
            return sources.getFirst().to() - sources.getFirst().from();
        }
    }

    /** Layers [from, to) of {@code model}; {@code key} is its place in the file ({@code slices[0].sources[1]}). */
    public record SliceSource(String key, Path model, int from, int to) {
    }

    /** The settings of a tensor outside the layers that no filter names (for messages, tests and recipes). */
    public MergeSettings settings() {
        return parameters.resolve("", 0, 0).settings();
    }

    /** Whether any value differs between tensors (gradients, filters, several slices). */
    public boolean varies() {
        return parameters.varies();
    }

    /** The weights of a tensor outside the layers that no filter names. */
    public MergeWeights weights() {
        return parameters.resolve("", 0, 0).weights();
    }
}
