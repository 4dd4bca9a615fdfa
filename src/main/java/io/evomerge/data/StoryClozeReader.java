package io.evomerge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Story Cloze's official CSV (quoted CSV, one story per record) as a two-choice task:
 * the context is the four story sentences, the choices are the two candidate endings.
 */
public final class StoryClozeReader {

    /** The official header. */
    static final List<String> HEADER = List.of("InputStoryid", "InputSentence1", "InputSentence2",
            "InputSentence3", "InputSentence4", "RandomFifthSentenceQuiz1", "RandomFifthSentenceQuiz2",
            "AnswerRightEnding");

    private static final TaskSpec SPEC = TaskSpec.multipleChoice("story_cloze");

    private StoryClozeReader() {
    }

    public static TaskSpec spec() {
        return SPEC;
    }

    public static Split read(Path csv, SplitName split) {
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            CsvRecords records = new CsvRecords(reader, csv);
            CsvRecords.Row header = records.next();
            if (header == null || !header.fields().equals(HEADER)) {
                throw new DataFormatException(csv, 1, "expected header " + HEADER + ", found "
                        + (header == null ? "an empty file" : header.fields()));
            }
            for (CsvRecords.Row row = records.next(); row != null; row = records.next()) {
                examples.add(parse(csv, row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return new Split(SPEC, split, examples);
    }

    private static Example parse(Path csv, CsvRecords.Row row) {
        List<String> fields = row.fields();
        if (fields.size() != HEADER.size()) {
            throw new DataFormatException(csv, row.line(),
                    "expected " + HEADER.size() + " fields, found " + fields.size());
        }
        for (int i = 1; i < 7; i++) {
            if (fields.get(i).isBlank()) {
                throw new DataFormatException(csv, row.line(), HEADER.get(i) + " is empty");
            }
        }
        String answer = fields.get(7).trim();
        if (!answer.equals("1") && !answer.equals("2")) {
            throw new DataFormatException(csv, row.line(), "AnswerRightEnding '" + answer + "' is not 1 or 2");
        }
        String context = String.join(" ", fields.subList(1, 5));
        return Example.multipleChoice(context, fields.subList(5, 7), answer.charAt(0) - '1');
    }
}
