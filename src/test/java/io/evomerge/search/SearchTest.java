package io.evomerge.search;

import static io.evomerge.search.SearchSpaceTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenetics.DoubleGene;
import io.jenetics.Phenotype;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStatistics;
import io.jenetics.engine.Limits;
import io.jenetics.stat.DoubleMomentStatistics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import io.evomerge.config.YamlNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SearchTest {

    /** A bounded problem: maximise −Σ(v − t)², optimum inside the box. */
    private static final SearchSpace BOX = SearchSpace.builder()
            .real("a", -1, 2).real("b", -1, 2).real("c", -1, 2).build();
    private static final Map<String, Double> TARGET = Map.of("a", 0.3, "b", 1.5, "c", -0.7);

    private static double score(Candidate c) {
        double s = 0;
        for (var t : TARGET.entrySet()) {
            double d = c.real(t.getKey()) - t.getValue();
            s -= d * d;
        }
        return s;
    }

    private static double[] scoreAll(List<Candidate> batch) {
        return batch.stream().mapToDouble(SearchTest::score).toArray();
    }

    /** Runs and records the evaluations the listener saw and the batches the fitness got. */
    private static List<Evaluation> record(SearchSpace space, SearchStrategy strategy, long budget,
            List<Evaluation> journal, List<List<Candidate>> batches) {
        var seen = new ArrayList<Evaluation>();
        new Search(space, strategy, budget).run(batch -> {
            batches.add(batch);
            return batch.stream().mapToDouble(c -> score(space, c)).toArray();
        }, journal, seen::add);
        return seen;
    }

    /** A deterministic fitness for any space: distance of reals to 0.3, choice index as a bonus. */
    private static double score(SearchSpace space, Candidate c) {
        double s = 0;
        for (Param p : space.params()) {
            s += switch (p) {
                case Param.Real r -> -Math.abs(c.real(r.name()) - 0.3);
                case Param.Choice ch -> 0.1 * ch.options().indexOf(c.get(ch.name()));
            };
        }
        return s;
    }

    @Test
    void gridVisitsTheCartesianProductLastGeneFastest() {
        var space = SearchSpace.builder().real("a", 0, 1, 0.5).choice("b", List.of("x", "y")).build();
        var seen = record(space, Strategies.create(new GridOptions(4, 3, Map.of()), 0), 100,
                List.of(), new ArrayList<>());
        var order = seen.stream().map(e -> e.candidate().real("a") + e.candidate().get("b", String.class)).toList();
        assertEquals(List.of("0.0x", "0.0y", "0.5x", "0.5y", "1.0x", "1.0y"), order);
    }

    @Test
    void gridTakesExplicitAxisValuesInTheGivenOrder() {
        var space = SearchSpace.builder().ratio("r").choice("k", List.of(1, 2, 3)).build();
        var strategy = Strategies.create(new GridOptions(8, 5,
                Map.<String, List<Object>>of("r", List.of(0.9, 0.1), "k", List.of(3))), 0);
        var seen = record(space, strategy, 10, List.of(), new ArrayList<>());
        assertEquals(List.of(Map.of("r", 0.9, "k", 3), Map.of("r", 0.1, "k", 3)),
                seen.stream().map(e -> e.candidate().values()).toList());
    }

    @Test
    void randomIsDeterministicPerSeed() {
        var a = record(BOX, Strategies.create(Strategies.defaults("random"), 5), 20, List.of(), new ArrayList<>());
        var b = record(BOX, Strategies.create(Strategies.defaults("random"), 5), 20, List.of(), new ArrayList<>());
        var c = record(BOX, Strategies.create(Strategies.defaults("random"), 6), 20, List.of(), new ArrayList<>());
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga", "grid", "random", "bobyqa"})
    void spendsExactlyTheBudgetAndTruncatesTheLastGeneration(String name) {
        var batches = new ArrayList<List<Candidate>>();
        var results = new ArrayList<EvolutionResult<DoubleGene, Double>>();
        var seen = new ArrayList<Evaluation>();
        var search = new Search(BOX, Strategies.create(Strategies.defaults(name), 3), 23);
        search.stream(SearchTest::scoreAll, List.of(), seen::add).forEach(results::add);
        assertEquals(23, seen.size());
        assertEquals(23, search.run(batch -> {
            batches.add(batch);
            return scoreAll(batch);
        }).evaluations());
        assertEquals(23, batches.stream().mapToInt(List::size).sum());
        for (var r : results) { // no unevaluated placeholder leaks into a result
            assertTrue(r.population().stream().allMatch(p -> Double.isFinite(p.fitness())));
        }
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).index());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga", "grid", "random", "bobyqa"})
    void replaysAJournalAndContinuesExactlyAsTheOriginalRun(String name) {
        var strategy = Strategies.create(name.equals("grid") ? new GridOptions(8, 4, Map.of()) : Strategies.defaults(name), 42);
        var a = record(BOX, strategy, 30, List.of(), new ArrayList<>());

        // The caller's journal: fitness by evaluation index, as it would read it back from disk.
        var answers = new HashMap<Long, Evaluation>();
        a.subList(0, 12).forEach(e -> answers.put(e.index(), e));
        var journal = new ArrayList<Evaluation>();
        for (long i = 0; i < answers.size(); i++) {
            journal.add(answers.get(i));
        }
        var batches = new ArrayList<List<Candidate>>();
        var b = record(BOX, Strategies.create(name.equals("grid") ? new GridOptions(8, 4, Map.of()) : Strategies.defaults(name), 42), 30,
                journal, batches);

        assertEquals(a.stream().map(Evaluation::candidate).toList(), b.stream().map(Evaluation::candidate).toList());
        assertEquals(a.stream().map(Evaluation::fitness).toList(), b.stream().map(Evaluation::fitness).toList());
        assertEquals(a.stream().map(Evaluation::generation).toList(), b.stream().map(Evaluation::generation).toList(),
                "generations are numbered as in the uninterrupted run, replayed batches included");
        assertTrue(b.subList(0, 12).stream().allMatch(Evaluation::replayed));
        assertTrue(b.subList(12, 30).stream().noneMatch(Evaluation::replayed));
        assertEquals(a.subList(12, 30).stream().map(Evaluation::candidate).toList(),
                batches.stream().flatMap(List::stream).toList(), "only unjournaled candidates are evaluated");
    }

    @Test
    void rejectsAJournalFromAnotherRun() {
        var a = record(BOX, Strategies.create(Strategies.defaults("cmaes"), 1), 10, List.of(), new ArrayList<>());
        var search = new Search(BOX, Strategies.create(Strategies.defaults("cmaes"), 2), 10);
        var e = assertThrows(IllegalStateException.class, () -> search.run(SearchTest::scoreAll, a, x -> {}));
        // entry 0 is the start point both seeds score first; the seeds' samples differ from entry 1
        assertTrue(e.getMessage().contains("journal entry 1"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga", "random", "bobyqa"})
    void survivesCachedDuplicatesOnACoarseSpace(String name) {
        // Four values per gene: most proposals repeat earlier ones and get the cached fitness.
        var space = SearchSpace.builder().real("x", 0, 1, 1.0 / 3).real("y", 0, 1, 1.0 / 3)
                .choice("z", List.of("p", "q")).build();
        var cache = new HashMap<Candidate, Double>();
        var result = new Search(space, Strategies.create(Strategies.defaults(name), 9), 120).run(batch -> batch.stream()
                .mapToDouble(c -> cache.computeIfAbsent(c, k -> score(space, k))).toArray());
        assertEquals(120, result.evaluations());
        assertTrue(cache.size() <= 32);
        assertEquals(score(space, result.best().candidate()), result.best().fitness());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga", "random", "bobyqa"})
    @Tag("slow")
    void survivesAFlatFitness(String name) {
        // Every merge failing alike: no ranking signal for a long time (CMA-ES widens σ, BOBYQA restarts).
        var result = new Search(BOX, Strategies.create(Strategies.defaults(name), 2), 3_000)
                .run(batch -> new double[batch.size()]);
        assertEquals(3_000, result.evaluations());
        assertEquals(0, result.best().index());
    }

    @Test
    void gaImprovesOnABoundedProblem() {
        assertImproves("ga", 400, -0.03);
    }

    @Test
    void bobyqaConvergesOnABoundedProblem() {
        assertImproves("bobyqa", 120, -1e-5);
    }

    @Test
    void cmaesConvergesOnABoundedProblem() {
        assertImproves("cmaes", 400, -1e-6);
    }

    private static void assertImproves(String name, long budget, double good) {
        var seen = new ArrayList<Evaluation>();
        var result = new Search(BOX, Strategies.create(Strategies.defaults(name), 17), budget).run(SearchTest::scoreAll, List.of(), seen::add);
        double first = seen.subList(0, 10).stream().mapToDouble(Evaluation::fitness).max().orElseThrow();
        assertTrue(result.best().fitness() > first, name + " did not improve on its first 10 candidates");
        assertTrue(result.best().fitness() > good, name + " reached only " + result.best().fitness());
    }

    @Test
    void bobyqaUsesBrentInOneDimension() {
        var space = SearchSpace.builder().real("x", -3, 3).build();
        var result = new Search(space, Strategies.create(Strategies.defaults("bobyqa"), 1), 40)
                .run(batch -> batch.stream().mapToDouble(c -> -Math.pow(c.real("x") - 1.234, 2)).toArray());
        assertEquals(1.234, result.best().candidate().real("x"), 1e-3);
        assertEquals(40, result.evaluations());
    }

    /**
     * CMA-ES scores its start point first, so a start that is already optimal is never lost to worse samples
     * around it; with {@code eval_start: false} only samples are scored and the best stays below the start.
     */
    @Test
    void cmaesScoresItsStartFirstAndNeverEndsBelowIt() {
        Map<String, Object> start = Map.of("a", 0.3, "b", 1.5, "c", -0.7); // TARGET: fitness 0
        var withStart = new ArrayList<Evaluation>();
        var result = new Search(BOX, Strategies.create(new CmaEsOptions(0, 0.3, start, true), 5), 9)
                .run(SearchTest::scoreAll, List.of(), withStart::add);
        assertEquals(start.keySet(), withStart.getFirst().candidate().values().keySet());
        assertEquals(0.0, score(withStart.getFirst().candidate()), 1e-12, "evaluation 0 is the start");
        assertEquals(0.0, result.best().fitness(), 1e-12);
        var samplesOnly = new Search(BOX, Strategies.create(new CmaEsOptions(0, 0.3, start, false), 5), 9)
                .run(SearchTest::scoreAll);
        assertTrue(samplesOnly.best().fitness() < -1e-6, "samples around the optimum are all worse");
        assertMessage("x.yaml: options.eval_start: must be true or false, found 1", () -> options("cmaes", "{eval_start: 1}"));
    }

    @Test
    void cmaesFindsAnOptimumOnTheBound() {
        var space = SearchSpace.builder().real("a", 0, 1).real("b", 0, 1).build();
        var result = new Search(space, Strategies.create(Strategies.defaults("cmaes"), 4), 300)
                .run(batch -> batch.stream().mapToDouble(c -> c.real("a") - c.real("b")).toArray());
        assertEquals(1.0, result.best().fitness(), 1e-3);
    }

    @Test
    void worksWithJeneticsLimitsStatisticsAndCollectors() {
        EvolutionStatistics<Double, DoubleMomentStatistics> statistics = EvolutionStatistics.ofNumber();
        Phenotype<DoubleGene, Double> best = new Search(BOX, Strategies.create(Strategies.defaults("cmaes"), 8), 1_000)
                .stream(SearchTest::scoreAll, List.of(), e -> {})
                .limit(Limits.byFixedGeneration(15))
                .peek(statistics)
                .collect(EvolutionResult.toBestPhenotype());
        assertEquals(score(BOX.decode(best.genotype())), best.fitness());
        assertEquals(15, statistics.altered().count()); // one sample per generation
    }

    /** Options as an experiment file gives them, under {@code options:} of {@code x.yaml}. */
    private static StrategyOptions options(String name, String yaml) {
        return Strategies.options(name, YamlNode.parse(Path.of("x.yaml"), "options", yaml));
    }

    @Test
    void readsOptionsWithTheirDefaults() {
        assertEquals(CmaEsOptions.DEFAULT, options("cmaes", "{}"));
        assertEquals(new CmaEsOptions(6, 0.2, Map.of("a", 0.5), false),
                options("cmaes", "{lambda: 6, sigma: 0.2, start: {a: 0.5}, eval_start: false}"));
        assertEquals(new GaOptions(30, 3, 0.8, 2.5, 0.2, 0.1), options("ga", "{populationSize: 30, mutationRate: 0.2}"));
        assertEquals(new GridOptions(8, 3, Map.of()), options("grid", "{points: 3}"));
        assertEquals(new RandomOptions(4), options("random", "{batch: 4}"));
        assertEquals(new BobyqaOptions(0.1, 1e-3, 0, Map.of()), options("bobyqa", "{radius: 0.1}"));
    }

    @Test
    void rejectsInvalidSettingsNamingThem() {
        assertMessage("strategy must be one of", () -> Strategies.defaults("sgd"));
        assertMessage("x.yaml: options.sigm: unknown key; valid keys of options: lambda, sigma, start, eval_start",
                () -> options("cmaes", "{sigm: 0.2}"));
        assertMessage("x.yaml: options.sigma: must be a number in (0, 1], found 0", () -> options("cmaes", "{sigma: 0}"));
        assertMessage("x.yaml: options.lambda: must be an integer in [2, 100000], found 1",
                () -> options("cmaes", "{lambda: 1}"));
        assertMessage("x.yaml: options.populationSize: must be an integer in [2, 100000], found 1",
                () -> options("ga", "{populationSize: 1}"));
        assertMessage("x.yaml: options.mutationRate: must be a number in [0, 1], found 1.5",
                () -> options("ga", "{mutationRate: 1.5}"));
        assertMessage("x.yaml: options.batch: must be an integer in [1, 100000], found 0", () -> options("random", "{batch: 0}"));
        assertMessage("x.yaml: options.radius: must be a number in (0, 0.5], found 0.7", () -> options("bobyqa", "{radius: 0.7}"));
        assertMessage("x.yaml: options.stopRadius: must be a number in (0, 0.1], found 0.2",
                () -> options("bobyqa", "{radius: 0.1, stopRadius: 0.2}"));
        assertMessage("interpolationPoints: must be 0 or in [5, 10] for 3 genes, found 3",
                () -> options("bobyqa", "{interpolationPoints: 3}").check(BOX));
        assertMessage("values.q: names no gene; genes: a, b, c",
                () -> options("grid", "{values: {q: [1]}}").check(BOX));
        assertMessage("start.a: value of 'a' must be a number", () -> options("cmaes", "{start: {a: 9}}").check(BOX));
        assertMessage("budget must be at least 1", () -> new Search(BOX, Strategies.create(Strategies.defaults("cmaes"), 1), 0));
    }
}
