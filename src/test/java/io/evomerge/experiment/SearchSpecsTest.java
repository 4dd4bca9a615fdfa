package io.evomerge.experiment;

import io.evomerge.EvomergeException;
import io.evomerge.Shared;
import io.evomerge.config.YamlNode;
import io.evomerge.search.GridOptions;
import io.evomerge.search.RandomOptions;
import io.evomerge.search.Strategies;
import io.evomerge.merge.MergeConfig;
import io.evomerge.merge.MergeConfigReader;
import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;
import io.evomerge.merge.MergeWeights;
import io.evomerge.search.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpecsTest {
    private static final Path WHERE = Path.of("exp.yaml");

    private static Merging parse(String merges, String search) {
        String yaml = (merges == null ? "" : "merges:\n" + merges.indent(2)) + (search == null ? "" : "search:\n" + search.indent(2));
        return SearchSpecs.parse(YamlNode.parse(WHERE, "", yaml), 4, 7);
    }

    @Test
    void baselinesGridsAndStrategyExpansion() throws Exception {
        var parsed = parse("""
                - method: ties
                  parameters: {density: 0.2}
                  grid: {lambda: [0.7, 1.0, 1.3], density: [0.1, 0.2]}
                - method: pcb
                """, """
                - name: pcb-es
                  method: pcb
                  parameters: {ratio: 0.1}
                  genes: {weights: [0.5, 3.0], ratio: [0.05, 0.3]}
                  strategies: [cmaes, random]
                  options: {random: {batch: 4}}
                  budget: 50
                """);
        assertEquals(List.of("TIES", "PCB"), parsed.baselines().stream().map(BaselineSpec::label).toList());
        assertEquals(0.2, parsed.baselines().getFirst().settings().reals("density").getFirst());
        SearchSpec grid = parsed.searches().getFirst();
        assertTrue(grid.grid());
        assertEquals(6, grid.budget(), "3 λ × 2 densities");
        assertEquals(List.of("ties-grid", "pcb-es-cmaes", "pcb-es-random"), parsed.searches().stream().map(SearchSpec::name).toList());
        assertEquals(50, parsed.searches().get(1).budget());
        assertEquals(7, parsed.searches().get(1).seed());
        assertEquals(Strategies.defaults("cmaes"), parsed.searches().get(1).options(), "options are per strategy");
        assertEquals(new RandomOptions(4), parsed.searches().get(2).options());
        assertEquals(new GridOptions(8, 5, Map.<String, List<Object>>of("lambda", List.of(0.7, 1.0, 1.3), "density", List.of(0.1, 0.2))),
                grid.options());
    }

    /** repeats: the first repeat is the search itself; repeat k has seed + k and its own journal folder. */
    @Test
    void repeatsRunTheSearchWithTheNextSeeds() {
        var parsed = parse("- {method: pcb, grid: {ratio: [0.1, 0.2]}}",
                "- {name: pcb-es, method: pcb, genes: {weights: [0.5, 3.0]}, repeats: 3, seed: 10}");
        SearchSpec es = parsed.searches().get(1);
        assertEquals(3, es.repeats());
        assertEquals(es, es.repeat(0));
        assertEquals(List.of("pcb-es", "pcb-es/repeat-2", "pcb-es/repeat-3"),
                List.of(es.repeat(0).name(), es.repeat(1).name(), es.repeat(2).name()));
        assertEquals(List.of(10L, 11L, 12L), List.of(es.repeat(0).seed(), es.repeat(1).seed(), es.repeat(2).seed()));
        assertEquals(1, es.repeat(2).repeats());
        assertEquals(1, parsed.searches().getFirst().repeats(), "a grid runs once");
        assertEquals(1, parsed.searches().getFirst().withRepeats(5).repeats(), "also under --repeats");
        assertEquals(5, es.withRepeats(5).repeats());
    }

    @Test
    void refusalsNameTheKey() {
        assertTrue(assertThrows(EvomergeException.class, () -> parse(null, "- {name: a, method: pcb, genes: {nm: ['2:4']}}"))
                .getMessage().contains("search[0].genes.nm: unknown key: pcb has no gene 'nm'; valid keys of search[0].genes: "));
        assertTrue(assertThrows(EvomergeException.class, () -> parse(null, "- {name: a, method: pcb, genes: {weights: [3, 1]}}"))
                .getMessage().contains("search[0].genes.weights: [3, 1] must satisfy"));
        assertTrue(assertThrows(EvomergeException.class, () -> parse(null, "- {name: a, method: pcb, genes: {weights: [0.5, 3]}, strategy: annealing}"))
                .getMessage().contains("'annealing' is not a strategy"));
        assertTrue(assertThrows(EvomergeException.class, () -> parse(null, "- {name: a, method: pcb, genes: {}}"))
                .getMessage().contains("varies nothing"));
        assertTrue(assertThrows(EvomergeException.class, () -> parse("- {method: ties, parameters: {ratio: 0.1}}", null))
                .getMessage().contains("merges[0].parameters.ratio: unknown key: ties has no parameter 'ratio'"));
    }

    @Test
    void candidatesDecodeToRecipesAndCabsOrdersArePermutations() throws Exception {
        SearchSpec cabs = parse(null, "- {name: c, method: cabs, genes: {weights: [0.5, 2], nm: ['2:8', '4:16'], order: true}}")
                .searches().getFirst();
        GenomeMapping g = new GenomeMapping(cabs, 3);
        assertEquals(3 + 2, g.space().dimension());
        Map<String, Object> values = new LinkedHashMap<>(Map.of("w0", 0.5, "w1", 1.5, "w2", 2.0, "nm", "4:16", "order", List.of(2, 0, 1)));
        Recipe r = g.decode(new Candidate(values));
        assertArrayEquals(new double[]{0.5, 1.5, 2.0}, r.weights().weights());
        assertEquals(4, r.settings().integer("n"));
        assertEquals(16, r.settings().integer("m"));
        assertEquals(List.of(2, 0, 1), r.settings().order());
        assertEquals(6, GenomeMapping.permutations(3).size());
        assertEquals(Map.of("w0", 1.0, "w1", 1.0, "w2", 1.0), g.start(), "the PCB authors start every weight at 1");
    }

    @Test
    void aRecipeWrittenAsYamlMergesToTheSameSettings(@TempDir Path dir) throws Exception {
        Path ref = Shared.path("reference/pcb").toAbsolutePath().normalize();
        List<Path> models = List.of(ref.resolve("task_0.safetensors"), ref.resolve("task_1.safetensors"));
        MergeSettings s = MergeSettings.defaults(MergeMethod.PCB, 2).with("ratio", 0.07);
        Recipe recipe = new Recipe(s, new MergeWeights(new double[]{0.8123456789, 1.25}, 0.9));
        Path file = dir.resolve("best.yaml");
        Files.writeString(file, RecipeYaml.of(recipe, ref.resolve("base.safetensors"), models, "best of a test\nfitness 0.5"));
        MergeConfig c = MergeConfigReader.read(file);
        assertEquals(s, c.settings());
        assertEquals(recipe.weights(), c.weights());
        assertEquals(models, c.models());
    }

    @Test
    void paretoIsTheKneeOrWeightsOverNamedTasks() {
        List<String> tasks = List.of("cola", "sst2");
        java.util.function.Function<String, SearchSpec> read = pareto -> SearchSpecs.parse(YamlNode.parse(WHERE, "",
                "search:\n  - {name: s, method: pcb, genes: {weights: [0.5, 3.0]}, pareto: " + pareto + "}\n"), tasks, 7)
                .searches().getFirst();
        assertEquals(new Pareto(null), read.apply("knee").pareto());
        assertEquals(new Pareto(java.util.Map.of("cola", 2.0)), read.apply("{weights: {cola: 2}}").pareto());
        assertEquals(null, SearchSpecs.parse(YamlNode.parse(WHERE, "", "search:\n  - {name: s, method: pcb, genes: {weights: [0.5, 3.0]}}\n"), tasks, 7)
                .searches().getFirst().pareto());
        for (var bad : java.util.Map.of(
                "elbow", "exp.yaml: search[0].pareto: 'elbow' is invalid (valid: knee, or {weights: {TASK: W}})",
                "{weights: {mnli: 1}}", "exp.yaml: search[0].pareto.weights.mnli: no such task (tasks: cola, sst2)",
                "{weights: {cola: -1}}", "exp.yaml: search[0].pareto.weights.cola:",
                "{weights: {cola: 0}}", "exp.yaml: search[0].pareto.weights: give at least one task a weight above 0",
                "{weight: {cola: 1}}", "exp.yaml: search[0].pareto.weight: unknown key").entrySet()) {
            var e = assertThrows(io.evomerge.EvomergeException.class, () -> read.apply(bad.getKey()), bad.getKey());
            assertTrue(e.getMessage().startsWith(bad.getValue()), e.getMessage());
        }
    }
}
