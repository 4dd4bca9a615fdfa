package io.evomerge.merge;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layer indices in the tensor names of the common architectures: Llama/Mistral/Qwen2/Gemma ({@code model.layers.N.}),
 * GPT-2 ({@code transformer.h.N.}), BERT/RoBERTa ({@code encoder.layer.N.}), CLIP ({@code encoder.layers.N.}) and
 * T5 ({@code block.N.}). A tensor matching none lies outside the layers (embeddings, final norm, heads).
 */
final class LayerNames {
    private static final Pattern LAYER = Pattern.compile(
            "(?:^|\\.)(?:model\\.layers|transformer\\.h|encoder\\.layer|encoder\\.layers|block)\\.(\\d+)\\.");

    private LayerNames() {
    }

    /** The layer index in {@code name}, or −1 when the tensor lies outside the layers. */
    static int layer(String name) {
        Matcher m = LAYER.matcher(name);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code name} with its layer index replaced by {@code index} (the name must have one). */
    static String withLayer(String name, int index) {
        Matcher m = LAYER.matcher(name);
        if (!m.find()) throw new IllegalArgumentException(name + " has no layer index");
        return name.substring(0, m.start(1)) + index + name.substring(m.end(1));
    }

    /** The number of layers: one more than the largest index (0 when no tensor is in a layer). */
    static int count(Collection<String> names) {
        TreeSet<Integer> layers = new TreeSet<>();
        for (String n : names) {
            int l = layer(n);
            if (l >= 0) layers.add(l);
        }
        return layers.isEmpty() ? 0 : layers.last() + 1;
    }

    /** Embedding tensors come before the layers (mergekit takes them from a frankenmerge's first slice). */
    static boolean beforeLayers(String name) {
        return EMBEDDINGS.stream().anyMatch(name::contains);
    }

    private static final List<String> EMBEDDINGS = List.of("embed", ".wte.", ".wpe.", "shared.", "embeddings.");
}
