package io.evomerge.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The merge methods and their parameters as documentation, generated from the {@link MergeMethod} registry: the
 * README's table (a test keeps the two equal) and the plain-text list that {@code evomerge merge --help} shows.
 */
public final class MethodTable {
    private MethodTable() {
    }

    /** The README's Markdown: one row per method, then one row per parameter name. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| method | what it does (τi = θi − θ0, wi the model's weight, λ the global scale) "
                + "| parameters: default, range (* also per model) |\n|---|---|---|\n");
        for (MergeMethod m : MergeMethod.values()) {
            String params = m.parameters().stream().map(MethodTable::markdownParameter)
                    .collect(Collectors.joining("; "));
            md.append("| `").append(m.configName()).append("` | ").append(cell(m.description())).append(" | ")
                    .append(cell(params)).append(" |\n");
        }
        md.append("\n| parameter | meaning | per model | set per candidate (not part of the plan) |\n|---|---|---|---|\n");
        for (Parameter p : byName()) {
            md.append("| `").append(p.name()).append("` | ").append(cell(p.description())).append(" | ")
                    .append(p.perModel() ? "yes" : "no").append(" | ").append(p.candidate() ? "yes" : "no")
                    .append(" |\n");
        }
        return md.toString();
    }

    /**
     * The plain-text list for help screens, wrapped to 79 columns: each method with its formula and its parameters'
     * defaults and ranges, then what each parameter means.
     */
    public static String text() {
        StringBuilder out = new StringBuilder();
        wrap(out, "", "Merge methods (merge_method:) and their parameters (parameters:), with default and range; "
                + "* marks those a model's own parameters: may override:");
        for (MergeMethod m : MergeMethod.values()) {
            wrap(out, "    ", "  " + m.configName() + ": " + m.description().replace("`", ""));
            for (Parameter p : m.parameters()) {
                out.append(String.format("      %-10s %s%n", p.name() + (p.perModel() ? "*" : ""), p.defaultText()
                        + (p.type() == Parameter.Type.PATTERNS || p.type() == Parameter.Type.PERMUTATION
                        ? "" : " in " + shownRange(p))));
            }
        }
        wrap(out, "", "Parameters:");
        for (Parameter p : byName()) wrap(out, "              ", String.format("  %-10s %s", p.name(), p.description()));
        return out.toString();
    }

    /** Appends {@code text} word-wrapped at 79 columns, continuation lines indented by {@code indent}. */
    private static void wrap(StringBuilder out, String indent, String text) {
        int lineStart = out.length();
        String body = text.stripLeading();
        out.append(text, 0, text.length() - body.length()); // the first line's own indent
        boolean first = true;
        for (String word : body.split(" ")) {
            if (!first && out.length() - lineStart + 1 + word.length() > 79) {
                out.append('\n');
                lineStart = out.length();
                out.append(indent);
            } else if (!first) {
                out.append(' ');
            }
            out.append(word);
            first = false;
        }
        out.append('\n');
    }

    private static String markdownParameter(Parameter p) {
        String range = p.type() == Parameter.Type.PATTERNS || p.type() == Parameter.Type.PERMUTATION
                ? "" : " " + shownRange(p);
        return "`" + p.name() + "`" + (p.perModel() ? "*" : "") + " " + p.defaultText() + range;
    }

    /** A range, with a set of words in braces. */
    private static String shownRange(Parameter p) {
        return p.type() == Parameter.Type.CHOICE || p.type() == Parameter.Type.BOOLEAN ? "{" + p.range() + "}" : p.range();
    }

    /** Each parameter name once, in first-declared order (a name means the same in every method). */
    private static List<Parameter> byName() {
        Map<String, Parameter> seen = new LinkedHashMap<>();
        for (MergeMethod m : MergeMethod.values()) {
            for (Parameter p : m.parameters()) seen.putIfAbsent(p.name(), p);
        }
        return new ArrayList<>(seen.values());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
