package io.evomerge.data;

import java.util.List;
import java.util.Objects;

/** The examples of one split of one task. */
public record Split(TaskSpec task, SplitName name, List<Example> examples) {

    public Split {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(name, "name");
        examples = List.copyOf(examples);
    }

    public int size() {
        return examples.size();
    }

    /** Gold class (or answer) indices, in example order, for classification metrics. */
    public int[] classLabels() {
        return examples.stream().mapToInt(Example::classIndex).toArray();
    }

    /** Gold scores, in example order, for regression metrics. */
    public double[] scores() {
        return examples.stream().mapToDouble(Example::label).toArray();
    }
}
