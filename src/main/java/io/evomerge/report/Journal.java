package io.evomerge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.evomerge.EvomergeException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A search journal as read back: its evaluations in the order they were appended. {@code warnings} says what was
 * skipped: only a torn last line (the runner crashed mid-write) is forgiven; a bad line before it is an error.
 */
public record Journal(Path file, List<Evaluation> evaluations, List<String> warnings) {
    public static final String FILE = "evaluations.jsonl";

    public Journal {
        evaluations = List.copyOf(evaluations);
        warnings = List.copyOf(warnings);
    }

    /**
     * The search's name: its folder under {@code searches/} ({@code pcb-es}, or {@code pcb-es/repeat-2} for a repeat);
     * the folder's own name when it lies under no {@code searches/}.
     */
    public String name() {
        Path dir = file.toAbsolutePath().getParent();
        for (Path up = dir.getParent(); up != null && up.getFileName() != null; up = up.getParent()) {
            if (up.getFileName().toString().equals(Report.SEARCHES)) return up.relativize(dir).toString().replace('\\', '/');
        }
        return dir.getFileName().toString();
    }

    /** The search this journal is a repeat of: the name up to {@code /repeat-K}. */
    public String searchName() {
        String name = name();
        int slash = name.indexOf("/repeat-");
        return slash < 0 ? name : name.substring(0, slash);
    }

    public static Journal read(Path file) {
        if (!Files.isRegularFile(file)) throw new EvomergeException(file + ": no such journal");
        String text;
        try {
            // Decoding replaces malformed bytes, so a line torn inside a multi-byte character still reads.
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<String> lines = text.lines().toList();
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) last--;
        List<Evaluation> evaluations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                evaluations.add(Json.MAPPER.readValue(line, Evaluation.class));
            } catch (JsonProcessingException e) {
                String where = file + ":" + (i + 1);
                if (i < last) throw new EvomergeException(where + ": not a valid evaluation (" + Json.describe(e) + ")", e);
                warnings.add(where + ": skipped the unreadable last line (truncated by a crash?)");
            }
        }
        return new Journal(file, evaluations, warnings);
    }
}
