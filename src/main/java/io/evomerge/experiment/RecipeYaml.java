package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.Parameter;

import java.nio.file.Path;
import java.util.List;

/**
 * A recipe as a merge config (the merge engine's YAML), so that {@code evomerge merge best.yaml OUT} rebuilds the
 * searched model: every parameter its method declares is written (per-model ones under each model), so nothing
 * falls back to a default that could differ from what was scored. Paths are written absolute: the file may be
 * read from anywhere. Layer-group values are written as mergekit gradients ({@code density: [d1, …, dG]}).
 */
final class RecipeYaml {
    private RecipeYaml() {
    }

    static String of(Recipe r, Path base, List<Path> models, String comment) {
        MergeSettings s = r.settings();
        MergeMethod m = s.method();
        StringBuilder y = new StringBuilder();
        for (String line : comment.split("\n")) y.append("# ").append(line).append('\n');
        y.append("merge_method: ").append(m.configName()).append('\n');
        y.append("base_model: ").append(quote(base.toAbsolutePath().toString())).append('\n');
        y.append("models:\n");
        double[] w = r.weights().weights();
        for (int i = 0; i < models.size(); i++) {
            y.append("  - model: ").append(quote(models.get(i).toAbsolutePath().toString())).append('\n');
            List<String> own = new java.util.ArrayList<>();
            for (Parameter p : m.parameters()) {
                if (!p.perModel()) continue;
                Object v = !p.candidate() ? r.planLayers().containsKey(p.name()) ? r.planLayers().get(p.name()).get(i)
                        : s.reals(p.name()).get(i) : r.layers() != null ? r.layers().groups().get(i) : w[i];
                own.add(p.name() + ": " + v);
            }
            if (!own.isEmpty()) y.append("    parameters: {").append(String.join(", ", own)).append("}\n");
        }
        y.append("parameters:\n");
        for (Parameter p : m.parameters()) {
            if (p.perModel()) continue;
            Object v = p.name().equals("lambda") ? (Object) r.weights().lambda() : s.value(p.name());
            if (r.planLayers().containsKey(p.name())) v = r.planLayers().get(p.name()).getFirst(); // a gradient
            y.append("  ").append(p.name()).append(": ").append(value(p, v)).append('\n');
        }
        return y.toString();
    }

    private static String value(Parameter p, Object v) {
        return switch (p.type()) {
            case CHOICE -> quote((String) v);
            case PATTERNS -> ((List<?>) v).stream().map(x -> quote(String.valueOf(x))).toList().toString();
            default -> String.valueOf(v);
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
