package io.evomerge.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TaskSplitsTest {

    private static List<LabelledText> texts(int count, String label) {
        List<LabelledText> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(new LabelledText(label + " text " + i, label));
        }
        return texts;
    }

    @Test
    void splits70_15_15() {
        TaskSplits splits = TaskSplits.of(texts(100, "a"), Integer.MAX_VALUE);
        assertEquals(List.of(70, 15, 15), List.of(splits.train().size(), splits.validation().size(), splits.test().size()));
        TaskSplits odd = TaskSplits.of(texts(1678, "a"), Integer.MAX_VALUE);
        assertEquals(List.of(1175, 252, 251), List.of(odd.train().size(), odd.validation().size(), odd.test().size()));
    }

    @Test
    void dropsBlanksRepeatsAndTextsWithTwoLabels() {
        List<LabelledText> input = new ArrayList<>(texts(10, "a"));
        input.add(new LabelledText("A  TEXT 3 ", "a"));         // same text, other case and spacing
        input.add(new LabelledText("a text 4", "b"));           // same text, other label: both go
        input.add(new LabelledText(" ", "a"));
        TaskSplits splits = TaskSplits.of(input, Integer.MAX_VALUE);
        assertEquals(9, all(splits).count());
        Set<String> keys = new HashSet<>();
        all(splits).forEach(text -> assertTrue(keys.add(TaskSplits.key(text.text()))));
        assertTrue(all(splits).noneMatch(text -> text.text().equals("a text 4")));
    }

    @Test
    void capsEachLabelAndIsDeterministic() {
        List<LabelledText> input = new ArrayList<>(texts(50, "a"));
        input.addAll(texts(8, "b"));
        TaskSplits splits = TaskSplits.of(input, 20);
        assertEquals(20, all(splits).filter(text -> text.label().equals("a")).count());
        assertEquals(8, all(splits).filter(text -> text.label().equals("b")).count());
        assertEquals(splits, TaskSplits.of(input, 20));
    }

    private static Stream<LabelledText> all(TaskSplits splits) {
        return Stream.of(splits.train(), splits.validation(), splits.test()).flatMap(List::stream);
    }
}
