package io.evomerge.experiment;

import io.evomerge.merge.MergeBackend;

import java.util.List;

/**
 * What an experiment merges and how: the backend ({@code backend: java | device}; device merges run on the
 * experiment's {@code device}, where the model lives), the baselines of {@code merges:} and the searches (grids of
 * {@code merges:}, then {@code search:}).
 */
public record Merging(MergeBackend backend, List<BaselineSpec> baselines, List<SearchSpec> searches) {
    public Merging {
        baselines = List.copyOf(baselines);
        searches = List.copyOf(searches);
    }
}
