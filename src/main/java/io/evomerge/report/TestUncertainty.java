package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row's test metrics with their uncertainty, from a bootstrap over the test examples: each task's headline metric
 * and the tasks' average with their 95 % intervals, and (for a merge other than the reference) the paired difference
 * of the average against {@code reference}, the best baseline or grid row, on the same examples (null otherwise);
 * {@code resamples} is the bootstrap's number of resamples.
 */
public record TestUncertainty(Map<String, Interval> tasks, Interval average, String reference, Interval difference,
                              @JsonProperty(required = true) int resamples) {
    public TestUncertainty {
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(Json.require(tasks, "tasks")));
        Json.require(average, "average");
        if ((reference == null) != (difference == null)) {
            throw new IllegalArgumentException("'reference' and 'difference' go together");
        }
    }
}
