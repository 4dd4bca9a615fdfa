package io.evomerge.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.report.Journal;
import io.evomerge.report.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a finished run folder says, in the form that must not depend on how many processes (killed and resumed)
 * made it: every journal line, {@code summary.json} and every {@code best.yaml}, less what measures a process
 * rather than the run. Left out: seconds (journal {@code seconds}, {@code merge_seconds}, {@code eval_seconds}; the
 * summary's {@code started}, {@code wall_seconds}, rows' {@code seconds}, {@code seconds_merging},
 * {@code seconds_evaluating}, {@code share_outside_evaluation}), {@code machine}, {@code plans_built} (this
 * process's plans), and the population rows' {@code evaluations} (0 when an earlier run had scored and stored them,
 * which is a matter of which run came first). Every metric, fitness, recipe, genome, generation and count stays.
 */
record RunFigures(Map<String, List<String>> journals, String summary, Map<String, String> recipes) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JOURNAL_TIMES = List.of("seconds", "merge_seconds", "eval_seconds");
    private static final List<String> PROCESS_PARAMS = List.of("seconds_merging", "seconds_evaluating",
            "share_outside_evaluation", "plans_built");

    static RunFigures of(Path runDir) {
        Map<String, List<String>> journals = new TreeMap<>();
        Map<String, String> recipes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path f : files.sorted().toList()) {
                String name = runDir.relativize(f).toString();
                if (f.getFileName().toString().equals(Journal.FILE)) {
                    List<String> lines = new ArrayList<>();
                    for (String line : Files.readAllLines(f)) lines.add(without((ObjectNode) JSON.readTree(line), JOURNAL_TIMES).toString());
                    journals.put(name, lines);
                } else if (f.getFileName().toString().equals("best.yaml")) {
                    recipes.put(name, Files.readString(f));
                }
            }
            ObjectNode summary = (ObjectNode) JSON.readTree(runDir.resolve(RunSummary.FILE).toFile());
            without(summary, List.of("started", "wall_seconds", "machine"));
            for (JsonNode row : summary.get("rows")) {
                ObjectNode r = (ObjectNode) row;
                r.remove("seconds");
                without((ObjectNode) r.get("params"), PROCESS_PARAMS);
                if (r.get("method").isNull() && r.get("search").isNull()) r.remove("evaluations");
            }
            return new RunFigures(journals, summary.toPrettyString(), recipes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode without(ObjectNode node, List<String> fields) {
        node.remove(fields);
        return node;
    }

    /** Where this run's figures differ from {@code reference}'s, one line each, at most a few; empty when equal. */
    List<String> differences(RunFigures reference) {
        List<String> out = new ArrayList<>();
        if (!journals.keySet().equals(reference.journals.keySet())) {
            out.add("journals " + journals.keySet() + " vs " + reference.journals.keySet());
        }
        for (var e : reference.journals.entrySet()) {
            List<String> mine = journals.getOrDefault(e.getKey(), List.of());
            if (mine.size() != e.getValue().size()) {
                out.add(e.getKey() + ": " + mine.size() + " lines vs " + e.getValue().size());
            }
            for (int i = 0; i < Math.min(mine.size(), e.getValue().size()); i++) {
                if (!mine.get(i).equals(e.getValue().get(i))) {
                    out.add(e.getKey() + " line " + (i + 1) + ": " + mine.get(i) + " vs " + e.getValue().get(i));
                    break;
                }
            }
        }
        if (!summary.equals(reference.summary)) out.add("summary.json: " + firstDifferentLine(summary, reference.summary));
        if (!recipes.equals(reference.recipes)) out.add("best.yaml files: " + recipes + " vs " + reference.recipes);
        return out;
    }

    private static String firstDifferentLine(String a, String b) {
        List<String> x = a.lines().toList(), y = b.lines().toList();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            if (!x.get(i).equals(y.get(i))) return "line " + (i + 1) + ": " + x.get(i).strip() + " vs " + y.get(i).strip();
        }
        return x.size() + " lines vs " + y.size();
    }

    /** What a run must not leave behind once it ended: its lock file, and temp files of interrupted writes. */
    static List<Path> leftovers(Path runDir) {
        try (Stream<Path> files = Files.walk(runDir)) {
            return files.filter(f -> f.getFileName().toString().equals(RunLock.FILE) || AtomicFiles.isTemp(f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
