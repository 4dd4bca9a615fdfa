package io.evomerge.experiment;

import io.evomerge.config.YamlNode;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.CheckpointWriter;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.checkpoint.DType;
import io.evomerge.checkpoint.TensorSpec;
import io.evomerge.checkpoint.WriteOptions;
import io.evomerge.cli.Main;
import io.evomerge.data.SplitName;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.MergeWeights;
import io.evomerge.merge.MergedTensors;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.merge.device.DevicePlan;
import io.evomerge.merge.Parameter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every method: a real search over every gene the method offers (weights, λ, its plan parameters, choices and
 * orders) picks a best candidate; its recipe is written as {@code best.yaml} and {@code evomerge merge best.yaml}
 * rebuilds exactly the tensors the search scored for it, bit for bit. The fitness is the merged model's closeness
 * to a seeded target (1 / (1 + mean squared distance)), so the search has a real best to find.
 */
class RecipeRoundTripTest {
    private static final int MODELS = 3;
    private static final List<TensorSpec> LAYOUT = List.of(
            new TensorSpec("encoder.w", DType.F32, new long[]{4, 16}),
            new TensorSpec("encoder.v", DType.F32, new long[]{32}));

    /**
     * Both backends: each rebuilds its own scored tensors through {@code evomerge merge --backend B}, and the two
     * searches (same seed, a strategy that does not adapt) score the same candidates with fitnesses equal within
     * 1e-6 relative (PCB's exp/tanh and the float64 reductions of slerp, nuslerp, Model Stock and Arcee Fusion may round
     * differently in the last bit; the other methods are bit for bit).
     */
    @ParameterizedTest
    @EnumSource(value = MergeMethod.class, names = "PASSTHROUGH", mode = EnumSource.Mode.EXCLUDE)
    void evomergeMergeOnBestYamlRebuildsTheScoredTensors(MergeMethod method, @TempDir Path dir) throws Exception {
        ClosenessScorer java = search(method, MergeBackend.JAVA, Files.createDirectories(dir.resolve("java")));
        ClosenessScorer device = search(method, MergeBackend.DEVICE, Files.createDirectories(dir.resolve("device")));
        assertEquals(java.fitnesses.size(), device.fitnesses.size(), "candidates scored");
        for (int i = 0; i < java.fitnesses.size(); i++) {
            assertEquals(java.fitnesses.get(i), device.fitnesses.get(i), 1e-6 * java.fitnesses.get(i), "candidate " + i);
        }
    }

    private ClosenessScorer search(MergeMethod method, MergeBackend backend, Path dir) throws Exception {
        int count = method.inputs().nearest(MODELS);
        Random random = new Random(11);
        Path base = write(dir.resolve("base.safetensors"), random, null);
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < count; i++) models.add(write(dir.resolve("m" + i + ".safetensors"), random, base));
        Map<String, float[]> target = new HashMap<>();
        for (TensorSpec t : LAYOUT) target.put(t.name(), noise(random, Math.toIntExact(t.numel()), 1f));

        SearchSpec spec = SearchSpecs.parse(YamlNode.parse(Path.of("exp.yaml"), "",
                "search:\n" + searchYaml(method).indent(2)), count, 5).searches().getFirst();
        SearchRun.Outcome outcome;
        ClosenessScorer scorer = new ClosenessScorer(target);
        try (Checkpoint b = Checkpoints.open(base)) {
            List<Checkpoint> ms = models.stream().map(Checkpoints::open).toList();
            try (DeviceBackend device = backend == MergeBackend.DEVICE ? DeviceBackend.open(System.getProperty("evomerge.device", "cpu")) : null;
                 PlanCache cache = new PlanCache(b, ms, Long.MAX_VALUE, device)) {
                var executor = new RememberingExecutor(new LocalExecutor(List.of(new CandidateEvaluator(cache, scorer)),
                        cache));
                outcome = new SearchRun(spec, count, executor, Files.createDirectories(dir.resolve("s")),
                        RunListener.SILENT).run();
            }
            ms.forEach(Checkpoint::close);
        }
        assertEquals(scorer.best, outcome.bestFitness(), "the search's best is the best scored");
        assertTrue(outcome.failures() < outcome.evaluations(), "some candidates were scored");

        Path yaml = dir.resolve("best.yaml");
        Files.writeString(yaml, RecipeYaml.of(outcome.best(), base, models, "round trip"));
        Path out = dir.resolve("merged.safetensors");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", yaml.toString(), out.toString(), "--backend", backend.key(),
                        "--device", backend == MergeBackend.DEVICE ? System.getProperty("evomerge.device", "cpu") : "cpu"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        try (Checkpoint merged = Checkpoints.open(out)) {
            for (TensorSpec t : LAYOUT) {
                assertArrayEquals(scorer.bestTensors.get(t.name()), merged.floats(t.name()), method + " " + t.name());
            }
        }
        return scorer;
    }

    /**
     * Layer-group weights ({@code weights: {range, layer_groups: 4}}): the search scores per-layer weights, best.yaml
     * writes each model's four values as a mergekit gradient, and evomerge merge rebuilds the same tensors bit for bit
     * (six layers: t = l/5 reads each gradient between its groups).
     */
    @ParameterizedTest
    @EnumSource(value = MergeMethod.class, names = {"TASK_ARITHMETIC", "TIES", "PCB", "LINEAR"})
    void layerGroupWeightsRebuildAsAGradientConfig(MergeMethod method, @TempDir Path dir) throws Exception {
        List<TensorSpec> layout = new ArrayList<>();
        layout.add(new TensorSpec("model.embed_tokens.weight", DType.F32, new long[]{5, 4}));
        for (int l = 0; l < 6; l++) layout.add(new TensorSpec("model.layers." + l + ".mlp.up_proj.weight", DType.F32, new long[]{4, 4}));
        Random random = new Random(5);
        Path base = write(dir.resolve("base.safetensors"), random, null, layout);
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) models.add(write(dir.resolve("m" + i + ".safetensors"), random, base, layout));
        Map<String, float[]> target = new HashMap<>();
        for (TensorSpec t : layout) target.put(t.name(), noise(random, Math.toIntExact(t.numel()), 1f));

        SearchSpec spec = SearchSpecs.parse(YamlNode.parse(Path.of("exp.yaml"), "", "search:\n  - {name: lw, method: "
                + method.configName() + ", strategy: random, budget: 12, genes: {weights: {range: [0.5, 3.0], "
                + "layer_groups: 4}}}\n"), MODELS, 5).searches().getFirst();
        ClosenessScorer scorer = new ClosenessScorer(target);
        SearchRun.Outcome outcome;
        try (Checkpoint b = Checkpoints.open(base)) {
            List<Checkpoint> ms = models.stream().map(Checkpoints::open).toList();
            PlanCache cache = new PlanCache(b, ms, Long.MAX_VALUE);
            var executor = new RememberingExecutor(new LocalExecutor(List.of(new CandidateEvaluator(cache, scorer)),
                    cache));
            outcome = new SearchRun(spec, MODELS, executor, Files.createDirectories(dir.resolve("s")),
                    RunListener.SILENT).run();
            ms.forEach(Checkpoint::close);
        }
        assertEquals(scorer.best, outcome.bestFitness());
        List<List<Double>> groups = outcome.best().layers().groups();
        assertEquals(4, groups.getFirst().size(), "four values per model");
        assertTrue(groups.stream().anyMatch(g -> g.stream().distinct().count() > 1), "weights vary over the layers");

        Path yaml = dir.resolve("best.yaml");
        Files.writeString(yaml, RecipeYaml.of(outcome.best(), base, models, "layer groups"));
        assertTrue(Files.readString(yaml).contains("weight: " + groups.getFirst()), Files.readString(yaml));
        Path out = dir.resolve("merged.safetensors");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", yaml.toString(), out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        try (Checkpoint merged = Checkpoints.open(out)) {
            for (TensorSpec t : layout) {
                assertArrayEquals(scorer.bestTensors.get(t.name()), merged.floats(t.name()), method + " " + t.name());
            }
        }
    }

    /**
     * Layer-group plan parameters (TIES and DARE-TIES densities per model × 3 groups, PCB's ratio and breadcrumbs'
     * shared density × 3 groups, beside layer-group weights): best.yaml writes them as gradients at scope: tensor,
     * evomerge merge rebuilds the scored tensors bit for bit, and the cache built one plan per distinct layer-group
     * setting among the candidates (snapped to 0.1, so candidates share some).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "ties|densities: {range: [0.2, 0.8], layer_groups: 3}",
            "dare_ties|densities: {range: [0.3, 0.9], layer_groups: 3}",
            "pcb|ratio: {range: [0.1, 0.5], layer_groups: 3}",
            "breadcrumbs|density: {range: [0.5, 0.9], layer_groups: 3}"})
    void layerGroupPlanParametersRebuildAsAGradientConfig(String method, String gene, @TempDir Path dir) throws Exception {
        List<TensorSpec> layout = new ArrayList<>();
        layout.add(new TensorSpec("model.embed_tokens.weight", DType.F32, new long[]{5, 8}));
        for (int l = 0; l < 5; l++) layout.add(new TensorSpec("model.layers." + l + ".mlp.up_proj.weight", DType.F32, new long[]{8, 8}));
        Random random = new Random(7);
        Path base = write(dir.resolve("base.safetensors"), random, null, layout);
        List<Path> models = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) models.add(write(dir.resolve("m" + i + ".safetensors"), random, base, layout));
        Map<String, float[]> target = new HashMap<>();
        for (TensorSpec t : layout) target.put(t.name(), noise(random, Math.toIntExact(t.numel()), 1f));

        SearchSpec spec = SearchSpecs.parse(YamlNode.parse(Path.of("exp.yaml"), "", "search:\n  - {name: lp, method: "
                + method + ", strategy: random, budget: 10, genes: {snap: 0.1, " + gene + ", weights: {range: [0.5, 2.0], "
                + "layer_groups: 2}}}\n"), MODELS, 5).searches().getFirst();
        ClosenessScorer scorer = new ClosenessScorer(target);
        SearchRun.Outcome outcome;
        int built;
        try (Checkpoint b = Checkpoints.open(base)) {
            List<Checkpoint> ms = models.stream().map(Checkpoints::open).toList();
            PlanCache cache = new PlanCache(b, ms, Long.MAX_VALUE);
            var executor = new RememberingExecutor(new LocalExecutor(List.of(new CandidateEvaluator(cache, scorer)),
                    cache));
            outcome = new SearchRun(spec, MODELS, executor, Files.createDirectories(dir.resolve("s")),
                    RunListener.SILENT).run();
            built = cache.built();
            // an equal layer-group setting, built apart, is a cache hit: the rebuild needs no new plan
            Map<String, List<List<Double>>> copy = new HashMap<>();
            outcome.best().planLayers().forEach((k, v) -> copy.put(k, v.stream().map(ArrayList::new).map(l -> (List<Double>) l).toList()));
            cache.get(new Recipe(outcome.best().settings(), outcome.best().weights(), outcome.best().layers(), copy).plan());
            assertEquals(built, cache.built(), "the best's plan is cached");
            ms.forEach(Checkpoint::close);
        }
        assertEquals(scorer.best, outcome.bestFitness());
        if (outcome.best().settings().method().parameter("scope").isPresent()) {
            assertEquals("tensor", outcome.best().settings().choice("scope"), "layer-group plan genes run at tensor scope");
        }
        String parameter = outcome.best().planLayers().keySet().iterator().next();
        // the journal's plan parameter (its gradients) per candidate: one plan was built per distinct value
        List<String> journal = Files.readAllLines(dir.resolve("s").resolve("evaluations.jsonl"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> settings = new java.util.HashSet<>();
        for (String line : journal) settings.add(json.readTree(line).path("params").path(parameter).toString());
        assertEquals(10, journal.size(), "candidates scored");
        assertEquals(settings.size(), built, "one plan per distinct layer-group setting");
        List<Double> first = outcome.best().planLayers().get(parameter).getFirst();
        assertEquals(3, first.size(), "three values per gradient");

        Path yaml = dir.resolve("best.yaml");
        Files.writeString(yaml, RecipeYaml.of(outcome.best(), base, models, "layer-group plan"));
        String text = Files.readString(yaml);
        assertTrue(text.contains(parameter + ": " + first), text);
        Path out = dir.resolve("merged.safetensors");
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", yaml.toString(), out.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        try (Checkpoint merged = Checkpoints.open(out)) {
            for (TensorSpec t : layout) {
                assertArrayEquals(scorer.bestTensors.get(t.name()), merged.floats(t.name()), method + " " + t.name());
            }
        }
    }

    /** A search over every gene key of the method (a joint key instead of the parameters it sets). */
    private static String searchYaml(MergeMethod method) {
        Map<String, GeneKeys.Template> keys = GeneKeys.of(method);
        List<String> covered = new ArrayList<>();
        for (GeneKeys.Template t : keys.values()) if (t.parameters().size() > 1) covered.addAll(t.parameters());
        StringBuilder genes = new StringBuilder();
        for (GeneKeys.Template t : keys.values()) {
            if (t.parameters().size() == 1 && covered.contains(t.parameters().getFirst())) continue;
            boolean hasPerModel = keys.values().stream().anyMatch(o -> o != t && o.kind() == Genes.Kind.PER_MODEL
                    && o.parameters().equals(t.parameters()));
            if (t.kind() == Genes.Kind.SHARED && hasPerModel) continue;
            if (!genes.isEmpty()) genes.append(", ");
            genes.append(t.key()).append(": ").append(values(t));
        }
        return "- {name: rt, method: " + method.configName() + ", strategy: random, budget: 12, genes: {" + genes + "}}";
    }

    private static String values(GeneKeys.Template t) {
        Parameter p = t.parameter();
        return switch (t.kind()) {
            case SHARED, PER_MODEL -> Double.isInfinite(p.max()) || Double.isInfinite(p.min()) ? "[0.5, 1.5]"
                    : "[" + (p.min() + 0.2 * (p.max() - p.min())) + ", " + (p.min() + 0.6 * (p.max() - p.min())) + "]";
            case CHOICE -> t.parameters().size() > 1 ? "['2:4', '4:16']"
                    : p.type() == Parameter.Type.INTEGER ? "[1, 2]" : p.choices().toString();
            case PERMUTATION -> "true";
        };
    }

    /** Fitness: 1 / (1 + the mean squared distance of the merged tensors to a target; keeps the best one's tensors. */
    private static final class ClosenessScorer implements Scorer {
        private final Map<String, float[]> target;
        double best = Double.NEGATIVE_INFINITY;
        Map<String, float[]> bestTensors;
        final List<Double> fitnesses = new ArrayList<>();
        private Map<String, float[]> loaded;

        ClosenessScorer(Map<String, float[]> target) {
            this.target = target;
        }

        @Override
        public Scores score(MergedTensors merged, SplitName split) {
            return score(merged.tensors());
        }

        @Override
        public String load(DevicePlan plan, MergeWeights w) {
            loaded = plan.applyToHost(w);
            return null;
        }

        @Override
        public Scores scoreLoaded(SplitName split) {
            return score(loaded);
        }

        private Scores score(Map<String, float[]> merged) {
            double sum = 0;
            long count = 0;
            for (var e : target.entrySet()) {
                float[] m = merged.get(e.getKey());
                for (int k = 0; k < m.length; k++) {
                    double d = m[k] - e.getValue()[k];
                    sum += d * d;
                }
                count += m.length;
            }
            double fitness = 1 / (1 + sum / count); // in (0, 1], like the metrics: failures (−1) never win
            fitnesses.add(fitness);
            if (fitness > best) {
                best = fitness;
                bestTensors = new LinkedHashMap<>();
                merged.forEach((k, v) -> bestTensors.put(k, v.clone()));
            }
            return new Scores(Map.of("closeness", Map.of("mse", sum / count)), fitness);
        }

        @Override
        public void close() {
        }
    }

    private static Path write(Path file, Random random, Path base) {
        return write(file, random, base, LAYOUT);
    }

    private static Path write(Path file, Random random, Path base, List<TensorSpec> layout) {
        try (CheckpointWriter w = CheckpointWriter.create(file, layout, WriteOptions.single(Map.of()));
             Checkpoint b = base == null ? null : Checkpoints.open(base)) {
            for (TensorSpec t : layout) {
                int n = Math.toIntExact(t.numel());
                float[] v = noise(random, n, 1f);
                if (b != null) {
                    float[] theta = b.floats(t.name());
                    for (int k = 0; k < n; k++) v[k] = theta[k] + 0.1f * v[k];
                }
                w.write(t.name(), v);
            }
            w.commit();
        }
        return file;
    }

    private static float[] noise(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) v[k] = scale * (float) random.nextGaussian();
        return v;
    }
}
