package io.evomerge.merge;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code exclude:} patterns: a tensor whose name contains a match of any regular expression is not merged. */
final class Exclusions {
    private Exclusions() {
    }

    static Predicate<String> of(List<String> patterns) {
        List<Pattern> compiled = patterns.stream().map(Exclusions::compile).toList();
        return name -> compiled.stream().anyMatch(p -> p.matcher(name).find());
    }

    private static Pattern compile(String p) {
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new io.evomerge.EvomergeException("parameters.exclude: '" + p + "' is not a regular expression ("
                    + e.getDescription() + ")");
        }
    }
}
