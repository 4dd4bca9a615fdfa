package io.evomerge.merge;

import io.evomerge.checkpoint.DType;

import java.nio.file.Path;
import java.util.List;

/**
 * A merge as a config file describes it (mergekit's YAML shape): base, models with their weights, settings, λ and
 * the output dtype (null keeps each tensor's own).
 */
public record MergeConfig(Path source, Path baseModel, List<Path> models, MergeSettings settings, MergeWeights weights,
                          DType dtype) {
    public MergeConfig {
        models = List.copyOf(models);
    }
}
