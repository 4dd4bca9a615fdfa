package io.evomerge.data;

import java.util.List;
import java.util.Objects;

/**
 * One labelled example.
 *
 * <ul>
 *   <li>classification: {@code text}, optional {@code textPair}, {@code label} = class index;
 *   <li>regression: same, {@code label} = the target score;
 *   <li>multiple choice: {@code text} = the context, {@code choices} = the candidate
 *       continuations, {@code label} = index of the right one.
 * </ul>
 *
 * {@code textPair} is null for single-sentence examples; {@code choices} is empty unless the
 * example is multiple choice.
 */
public record Example(String text, String textPair, List<String> choices, double label) {

    public Example {
        Objects.requireNonNull(text, "text");
        choices = List.copyOf(choices);
        if (!choices.isEmpty() && (textPair != null || label != Math.rint(label)
                || label < 0 || label >= choices.size())) {
            throw new IllegalArgumentException("multiple choice needs no text pair and an answer index < "
                    + choices.size() + ", got " + label);
        }
    }

    public static Example single(String text, double label) {
        return new Example(text, null, List.of(), label);
    }

    public static Example pair(String text, String textPair, double label) {
        return new Example(text, Objects.requireNonNull(textPair, "textPair"), List.of(), label);
    }

    public static Example multipleChoice(String context, List<String> choices, int answer) {
        return new Example(context, null, choices, answer);
    }

    public boolean hasPair() {
        return textPair != null;
    }

    /** The label as a class (or answer) index; throws if it is not a whole number. */
    public int classIndex() {
        if (label != Math.rint(label)) {
            throw new IllegalStateException("label " + label + " is not a class index");
        }
        return (int) label;
    }
}
