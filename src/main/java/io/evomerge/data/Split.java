package io.evomerge.data;

import java.util.ArrayList;
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

    /**
     * This split followed by each example again with its two sentences swapped, for tasks whose label does not
     * depend on the order; throws if an example has no pair.
     */
    public Split withSwappedPairs() {
        List<Example> both = new ArrayList<>(examples);
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (!e.hasPair()) {
                throw new IllegalArgumentException("example " + (i + 1) + " of " + name.fileStem()
                        + " has no sentence pair to swap");
            }
            both.add(Example.pair(e.textPair(), e.text(), e.label()));
        }
        return new Split(task, name, both);
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
