package io.evomerge.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.evomerge.EvomergeException;
import io.evomerge.IoErrors;
import io.evomerge.ShortHash;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}, the first file of a run folder: what the run was started from (the experiment, copied
 * beside it as {@code experiment.yaml}, with its hash; the data files' and population's hashes; the seeds), what ran
 * it (source commit, versions, machine, device) and every process that worked on it ({@code starts}). A resume
 * compares the experiment and data with it and refuses a difference unless forced; a forced resume is recorded.
 */
record RunManifest(ExperimentRecord experiment, Provenance.Source source, Provenance.Versions versions,
                   Provenance.Host host, String device, Seeds seeds, Map<String, String> data,
                   Map<String, String> population, List<Start> starts) {
    static final String FILE = "manifest.json";
    static final String EXPERIMENT_COPY = "experiment.yaml";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    RunManifest {
        data = Map.copyOf(new LinkedHashMap<>(data));
        population = population == null ? Map.of() : population;
        starts = List.copyOf(starts);
    }

    /** The experiment file as the user named it, and the hash of its bytes. */
    record ExperimentRecord(String file, String hash, String copy) {
    }

    record Seeds(long experiment, Map<String, Long> searches) {
    }

    /**
     * One process's start on this run: when, its pid, whether it resumed, and what differed from the manifest when
     * {@code --force-resume} let it go on anyway.
     */
    record Start(String at, long pid, boolean resume, boolean forced, List<String> differences) {
    }

    /** The manifest a new run writes for {@code config}, with this process as its first start. */
    static RunManifest create(ExperimentConfig config, String shownFile) {
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (SearchSpec s : config.searches()) seeds.put(s.name(), s.seed());
        return new RunManifest(new ExperimentRecord(shownFile, hash(config.file()), EXPERIMENT_COPY),
                Provenance.source(), Provenance.versions(), Provenance.host(), String.join(", ", config.devices()),
                new Seeds(config.seed(), seeds), dataHashes(config), Map.of(), List.of(start(false, false, List.of())));
    }

    static Start start(boolean resume, boolean forced, List<String> differences) {
        return new Start(Instant.now().toString(), ProcessHandle.current().pid(), resume, forced, List.copyOf(differences));
    }

    /** When the run's first process started: the run's start across resumes. */
    String started() {
        return starts.getFirst().at();
    }

    /** How {@code config} differs from what this run was started from: experiment bytes and data files. */
    List<String> differences(ExperimentConfig config) {
        List<String> out = new ArrayList<>();
        String now = hash(config.file());
        if (!now.equals(experiment.hash())) {
            out.add("the experiment " + config.file() + " changed (hash " + experiment.hash() + " -> " + now + ")");
        }
        out.addAll(changed("data file", data, dataHashes(config)));
        return out;
    }

    /** How the population's hashes differ from the recorded ones (none recorded yet: no difference). */
    List<String> populationDifferences(Map<String, String> now) {
        return population.isEmpty() ? List.of() : changed("population model", population, now);
    }

    RunManifest withPopulation(Map<String, String> hashes) {
        return new RunManifest(experiment, source, versions, host, device, seeds, data, hashes, starts);
    }

    RunManifest withStart(Start start) {
        List<Start> all = new ArrayList<>(starts);
        all.add(start);
        return new RunManifest(experiment, source, versions, host, device, seeds, data, population, all);
    }

    /** The last start with these differences added (found after the start was recorded: the population). */
    RunManifest withLastStartDifferences(List<String> more, boolean forced) {
        List<Start> all = new ArrayList<>(starts);
        Start last = all.removeLast();
        List<String> differences = new ArrayList<>(last.differences());
        differences.addAll(more);
        all.add(new Start(last.at(), last.pid(), last.resume(), last.forced() || forced, differences));
        return new RunManifest(experiment, source, versions, host, device, seeds, data, population, all);
    }

    static RunManifest read(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            return JSON.readValue(file.toFile(), RunManifest.class);
        } catch (IOException e) {
            throw new EvomergeException(file + ": unreadable run manifest (" + IoErrors.reason(e) + "); delete the run"
                    + " folder to start over", e);
        }
    }

    /** Writes the manifest (and, for a new run, the experiment's copy) atomically. */
    void write(Path runDir, Path experimentFile, boolean copyExperiment) {
        Path file = runDir.resolve(FILE);
        try {
            if (copyExperiment) AtomicFiles.copy(experimentFile, runDir.resolve(EXPERIMENT_COPY));
            AtomicFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw IoErrors.of(file, "write", e);
        }
    }

    /** Hashes of each task's data files, keyed by path. */
    private static Map<String, String> dataHashes(ExperimentConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TaskConfig t : config.tasks()) {
            for (Path f : t.dataFiles()) out.put(f.toString(), hash(f));
        }
        return out;
    }

    /** Hashes of the population's weights and heads, keyed by folder ({@code base} and each task). */
    static Map<String, String> populationHashes(ExperimentConfig config) {
        Population p = config.populationLayout();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("base", ShortHash.ofFiles(List.of(p.base().resolve("model.safetensors"))));
        for (TaskConfig t : config.tasks()) {
            Path dir = p.task(t.name());
            out.put(t.name(), ShortHash.ofFiles(List.of(dir.resolve("model.safetensors"), dir.resolve("head.safetensors"))));
        }
        return out;
    }

    private static List<String> changed(String what, Map<String, String> recorded, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (var e : now.entrySet()) {
            String before = recorded.get(e.getKey());
            if (before == null) out.add(what + " " + e.getKey() + " is new");
            else if (!before.equals(e.getValue())) {
                out.add(what + " " + e.getKey() + " changed (hash " + before + " -> " + e.getValue() + ")");
            }
        }
        for (String k : recorded.keySet()) {
            if (!now.containsKey(k)) out.add(what + " " + k + " is no longer used");
        }
        return out;
    }

    private static String hash(Path file) {
        if (!Files.isRegularFile(file)) return "missing";
        return ShortHash.ofFiles(List.of(file));
    }
}
