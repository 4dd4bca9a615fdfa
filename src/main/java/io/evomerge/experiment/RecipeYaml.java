package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A recipe as a merge config (the merge engine's YAML), so that {@code evomerge merge best.yaml OUT} rebuilds the
 * searched model. Paths are written absolute: the file may be read from anywhere.
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
        y.append("base_model: ").append(quote(base)).append('\n');
        y.append("models:\n");
        double[] w = r.weights().weights();
        for (int i = 0; i < models.size(); i++) {
            y.append("  - model: ").append(quote(models.get(i))).append('\n');
            y.append("    parameters: {weight: ").append(num(w[i]));
            if (m.modelParameters().contains("density")) y.append(", density: ").append(num(s.densities().get(i)));
            y.append("}\n");
        }
        y.append("parameters:\n");
        if (m.parameters().contains("lambda")) y.append("  lambda: ").append(num(r.weights().lambda())).append('\n');
        if (m.parameters().contains("scope")) y.append("  scope: ").append(s.scope().name().toLowerCase(Locale.ROOT)).append('\n');
        switch (m) {
            case PCB -> y.append("  ratio: ").append(num(s.ratio())).append("\n  clip: ").append(num(s.clip()))
                    .append("\n  inter: ").append(s.inter().name().toLowerCase(Locale.ROOT)).append('\n');
            case CABS -> {
                y.append("  pruning: ").append(s.pruning() == MergeMethod.Pruning.NM ? "\"n:m\"" : "magnitude").append('\n');
                y.append("  n: ").append(s.n()).append("\n  m: ").append(s.m()).append('\n');
                y.append("  order: ").append(s.order()).append('\n');
            }
            case DARE_LINEAR, DARE_TIES -> y.append("  seed: ").append(s.seed()).append('\n');
            case LINEAR -> y.append("  normalize: ").append(s.normalize()).append('\n');
            default -> {
            }
        }
        if (!s.exclude().isEmpty()) {
            y.append("  exclude:\n");
            for (String e : s.exclude()) y.append("    - \"").append(e.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return y.toString();
    }

    private static String quote(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Shortest text that reads back as the same double. */
    private static String num(double v) {
        return Double.toString(v);
    }
}
