package io.evomerge.merge;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A config's parameters resolved per tensor of the merged model. A tensor in layer l of the output lies in the slice
 * whose layers [offset, offset + count) hold l, at t = (l − offset)/(count − 1) (1 when the slice has one layer);
 * tensors outside the layers (embeddings, final norm, heads) take the first slice's values at t = 0.
 */
public final class ConfigSchedule implements Schedule {
    /** A slice's layers in the output. */
    public record Span(int offset, int count) {
    }

    private final ConfigParameters parameters;
    private final List<Span> spans;
    private final Map<String, ConfigParameters.Resolved> resolved = new HashMap<>();
    private final Set<MergeSettings> checked = new HashSet<>();

    ConfigSchedule(ConfigParameters parameters, List<Span> spans) {
        this.parameters = parameters;
        this.spans = List.copyOf(spans);
    }

    @Override
    public synchronized MergeSettings settings(String tensor) {
        MergeSettings s = resolve(tensor).settings();
        if (checked.add(s)) parameters.validate(s);
        return s;
    }

    @Override
    public synchronized MergeWeights weights(String tensor) {
        return resolve(tensor).weights();
    }

    /** The layer position t of {@code tensor} (0 outside the layers). */
    double t(String tensor) {
        int layer = LayerNames.layer(tensor);
        for (Span s : spans) {
            if (layer >= s.offset() && layer < s.offset() + s.count()) {
                return s.count() == 1 ? 1.0 : (double) (layer - s.offset()) / (s.count() - 1);
            }
        }
        return 0;
    }

    private int slice(String tensor) {
        int layer = LayerNames.layer(tensor);
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            if (layer >= s.offset() && layer < s.offset() + s.count()) return i;
        }
        return 0;
    }

    private ConfigParameters.Resolved resolve(String tensor) {
        return resolved.computeIfAbsent(tensor, name -> parameters.resolve(name, slice(name), t(name)));
    }
}
