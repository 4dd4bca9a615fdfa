package io.evomerge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads GLUE TSV files. GLUE's files use no quoting (a field may contain a double quote),
 * so each line is split on tabs as is.
 */
public final class GlueReader {

    private static final double STSB_MAX = 5.0;

    private GlueReader() {
    }

    /** Reads {@code <glueRoot>/<task dir>/<split>.tsv}. */
    public static Split read(Path glueRoot, GlueTask task, SplitName split) {
        return readFile(file(glueRoot, task, split), task, split);
    }

    /** {@code <glueRoot>/<task dir>/<split>.tsv}. */
    public static Path file(Path glueRoot, GlueTask task, SplitName split) {
        return glueRoot.resolve(task.directory()).resolve(split.fileStem() + ".tsv");
    }

    /** Reads one TSV file in {@code task}'s layout. */
    public static Split readFile(Path file, GlueTask task, SplitName split) {
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String[] fields = line.split("\t", -1);
                if (lineNumber == 1 && task.header() != null) {
                    if (!Arrays.asList(fields).equals(task.header())) {
                        throw new DataFormatException(file, lineNumber,
                                "expected header " + task.header() + ", found " + Arrays.toString(fields));
                    }
                    continue;
                }
                examples.add(parse(file, lineNumber, task, fields));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Split(task.spec(), split, examples);
    }

    private static Example parse(Path file, long line, GlueTask task, String[] fields) {
        if (fields.length != task.columns()) {
            throw new DataFormatException(file, line,
                    "expected " + task.columns() + " tab-separated columns, found " + fields.length);
        }
        String text = nonBlank(file, line, fields, task.textColumn());
        double label = task.spec().kind() == TaskKind.REGRESSION
                ? score(file, line, fields[task.labelColumn()])
                : classIndex(file, line, task, fields[task.labelColumn()]);
        return task.pairColumn() < 0
                ? Example.single(text, label)
                : Example.pair(text, nonBlank(file, line, fields, task.pairColumn()), label);
    }

    private static String nonBlank(Path file, long line, String[] fields, int column) {
        if (fields[column].isBlank()) {
            throw new DataFormatException(file, line, "column " + (column + 1) + " (text) is empty");
        }
        return fields[column];
    }

    private static int classIndex(Path file, long line, GlueTask task, String value) {
        List<String> names = task.spec().labelNames();
        if (task == GlueTask.RTE) {
            int index = names.indexOf(value);
            if (index < 0) {
                throw new DataFormatException(file, line, "label '" + value + "' is not one of " + names);
            }
            return index;
        }
        if (value.equals("0") || value.equals("1")) {
            return value.charAt(0) - '0';
        }
        throw new DataFormatException(file, line, "label '" + value + "' is not 0 or 1");
    }

    private static double score(Path file, long line, String value) {
        double score;
        try {
            score = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, line, "score '" + value + "' is not a number", e);
        }
        if (!(score >= 0 && score <= STSB_MAX)) {
            throw new DataFormatException(file, line, "score " + value + " is outside [0, 5]");
        }
        return score;
    }
}
