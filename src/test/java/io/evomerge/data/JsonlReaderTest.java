package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {

    private static final TaskSpec SENTIMENT =
            TaskSpec.classification("sentiment", List.of("negative", "positive"), Metric.ACCURACY);

    @TempDir
    Path temp;

    @Test
    void readsLabelNamesIndicesPairsAndSkipsBlankLines() throws IOException {
        Path file = Files.writeString(temp.resolve("train.jsonl"), """
                {"text": "great", "label": "positive"}

                {"text": "awful", "label": 0, "extra": "ignored"}
                {"text": "a", "text_pair": "b", "label": 1}
                """);
        Split split = JsonlReader.read(file, SENTIMENT, SplitName.TRAIN);
        assertEquals(List.of(Example.single("great", 1), Example.single("awful", 0), Example.pair("a", "b", 1)),
                split.examples());
    }

    @Test
    void readsRegressionScores() throws IOException {
        Path file = Files.writeString(temp.resolve("s.jsonl"), "{\"text\": \"a\", \"text_pair\": \"b\", \"label\": 3.25}\n");
        Split split = JsonlReader.read(file, TaskSpec.regression("sts", Metric.PEARSON), SplitName.TEST);
        assertEquals(3.25, split.scores()[0]);
    }

    @Test
    void readsATaskFolder() throws IOException {
        Files.writeString(temp.resolve("task.json"), """
                {"name": "spam", "kind": "classification", "labels": ["ham", "spam"],
                 "metrics": ["accuracy", "f1"], "counts": {"validation": 1}}
                """);
        Files.writeString(temp.resolve("validation.jsonl"), "{\"text\": \"buy now\", \"label\": \"spam\"}\n");
        Split split = JsonlReader.readTask(temp, SplitName.VALIDATION);
        assertEquals(new TaskSpec("spam", TaskKind.CLASSIFICATION, List.of("ham", "spam"),
                List.of(Metric.ACCURACY, Metric.F1)), split.task());
        assertEquals(1, split.classLabels()[0]);
    }

    @Test
    void badLinesNameFileLineAndProblem() throws IOException {
        assertBad("{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"x\", \"label\": \"neutral\"}\n",
                ":2: label 'neutral' is not one of [negative, positive]");
        assertBad("{\"text\": \"x\", \"label\": 2}\n", ":1: 'label' must be a label name or a class index in [0, 2)");
        assertBad("{\"text\": \"x\", \"label\": 0.5}\n", ":1: 'label' must be a label name or a class index");
        assertBad("{\"text\": \"x\"}\n", ":1: 'label' must be a label name or a class index");
        assertBad("{\"label\": 1}\n", ":1: 'text' must be a non-empty string");
        assertBad("{\"text\": \"x\", \"text_pair\": 5, \"label\": 1}\n", ":1: 'text_pair' must be a non-empty string");
        assertBad("\n{\"text\": \"x\", \"label\": 1\n", ":2: invalid JSON");
        assertBad("[1, 2]\n", ":1: expected a JSON object");
    }

    @Test
    void badTaskDescriptionsAreReported() throws IOException {
        Path spec = Files.writeString(temp.resolve("task.json"),
                "{\"name\": \"t\", \"kind\": \"ranking\", \"metrics\": [\"accuracy\"]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> JsonlReader.readSpec(spec));
        assertTrue(e.getMessage().startsWith(spec + ":1: bad task description"), e.getMessage());
        Files.writeString(spec, "{\"name\": \"t\", \"kind\": \"classification\", \"labels\": [\"a\", \"b\"], "
                + "\"metrics\": [\"bleu\"]}");
        assertThrows(DataFormatException.class, () -> JsonlReader.readSpec(spec));
    }

    @Test
    void regressionNeedsNumbers() throws IOException {
        Path file = Files.writeString(temp.resolve("r.jsonl"), "{\"text\": \"a\", \"label\": \"high\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> JsonlReader.read(file, TaskSpec.regression("r", Metric.PEARSON), SplitName.TEST));
        assertTrue(e.getMessage().startsWith(file + ":1: 'label' must be a number"), e.getMessage());
    }

    private void assertBad(String content, String expected) throws IOException {
        Path file = Files.writeString(temp.resolve("bad.jsonl"), content);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> JsonlReader.read(file, SENTIMENT, SplitName.TRAIN));
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
