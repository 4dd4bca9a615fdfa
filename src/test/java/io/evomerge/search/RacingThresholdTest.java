package io.evomerge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thresholds a racing search hands its fitness, on a constructed race: each candidate's full score is known
 * (−Σ(v − t)²), and the race stops a candidate exactly when that score is below the threshold by more than a margin,
 * answering an estimate far below it (the worst a real race may answer). Whatever it stops must be a candidate the
 * strategy would not have ranked.
 */
class RacingThresholdTest {

    private static final SearchSpace BOX = SearchSpace.builder()
            .real("a", -1, 2).real("b", -1, 2).real("c", -1, 2).build();
    private static final Map<String, Double> TARGET = Map.of("a", 0.3, "b", 1.5, "c", -0.7);
    private static final double MARGIN = 0.001;

    private static double full(Candidate c) {
        double s = 0;
        for (var t : TARGET.entrySet()) {
            double d = c.real(t.getKey()) - t.getValue();
            s -= d * d;
        }
        return s;
    }

    /** One run's evaluations, the threshold each fresh one was raced against, and which were stopped. */
    private record Run(List<Evaluation> seen, List<Double> thresholds, List<Boolean> stopped) {
    }

    private static Run raced(SearchStrategy strategy, long budget, List<Evaluation> journal) {
        var run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        new Search(BOX, strategy, budget).runRaced((batch, threshold) -> {
            double[] out = new double[batch.size()];
            for (int k = 0; k < out.length; k++) {
                double s = full(batch.get(k));
                boolean stop = s + MARGIN < threshold;
                run.thresholds().add(threshold);
                run.stopped().add(stop);
                out[k] = stop ? s - 1 : s;
            }
            return out;
        }, journal, run.seen()::add);
        return run;
    }

    /** A stopped candidate has at least as many candidates above it in its generation as the strategy ranks. */
    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga"})
    void aStoppedCandidateIsNeverOneTheStrategyRanks(String name) {
        SearchStrategy strategy = Strategies.create(Strategies.defaults(name), 42);
        Run run = raced(strategy, 200, List.of());
        Map<Integer, List<Double>> generations = new TreeMap<>();
        for (Evaluation e : run.seen()) generations.computeIfAbsent(e.generation(), g -> new ArrayList<>()).add(full(e.candidate()));
        int stops = 0;
        for (int i = 0; i < run.seen().size(); i++) {
            if (!run.stopped().get(i)) continue;
            stops++;
            Evaluation e = run.seen().get(i);
            List<Double> generation = generations.get(e.generation());
            double s = full(e.candidate());
            long above = generation.stream().filter(v -> v > s).count();
            assertTrue(above >= strategy.racingRanks(BOX, generation.size()), "evaluation " + i + " (full " + s
                    + ") was stopped with only " + above + " above it in generation " + e.generation());
        }
        assertTrue(stops >= 5, "the race stops candidates at all: " + stops);
    }

    /** CMA-ES recombines only its μ best, so racing it changes nothing it does: it proposes the same candidates. */
    @Test
    void cmaesProposesTheSameCandidatesRacedOrNot() {
        Run raced = raced(Strategies.create(CmaEsOptions.DEFAULT, 7), 150, List.of());
        var plain = new ArrayList<Evaluation>();
        new Search(BOX, Strategies.create(CmaEsOptions.DEFAULT, 7), 150)
                .run(batch -> batch.stream().mapToDouble(RacingThresholdTest::full).toArray(), List.of(), plain::add);
        assertEquals(plain.stream().map(Evaluation::candidate).toList(),
                raced.seen().stream().map(Evaluation::candidate).toList());
        assertTrue(raced.stopped().stream().filter(b -> b).count() > 10);
        // with the start point leading generation 1, μ + 1 = 4 of its 8 are scored in full (λ = 7 for 3 genes)
        assertEquals(List.of(4, 4), List.of(raced.thresholds().subList(0, 4).stream()
                .filter(t -> t == Double.NEGATIVE_INFINITY).toList().size(), raced.thresholds().subList(4, 8).stream()
                .filter(t -> t > Double.NEGATIVE_INFINITY).toList().size()));
    }

    /** A local search races against the best of the generations before the batch; the best it finds is unchanged. */
    @Test
    void aLocalSearchRacesAgainstTheBestOfEarlierGenerations() {
        Run run = raced(Strategies.create(RandomOptions.DEFAULT, 3), 64, List.of());
        double best = Double.NEGATIVE_INFINITY;
        int generation = 1;
        double bestBefore = best;
        for (int i = 0; i < run.seen().size(); i++) {
            Evaluation e = run.seen().get(i);
            if (e.generation() != generation) {
                generation = e.generation();
                bestBefore = best;
            }
            assertEquals(bestBefore, run.thresholds().get(i), "evaluation " + i);
            best = Math.max(best, e.fitness());
        }
        double fullBest = run.seen().stream().mapToDouble(e -> full(e.candidate())).max().orElseThrow();
        assertEquals(fullBest, best, "a stopped candidate never holds the best");
        assertTrue(run.stopped().stream().filter(b -> b).count() > 10);
    }

    /** Killed anywhere (mid-generation included) and resumed from its journal, a race hands the same thresholds. */
    @ParameterizedTest
    @ValueSource(strings = {"cmaes", "ga", "random"})
    void aResumedRaceIsTheUninterruptedOne(String name) {
        Run whole = raced(Strategies.create(Strategies.defaults(name), 11), 60, List.of());
        assertEquals(whole, raced(Strategies.create(Strategies.defaults(name), 11), 60, List.of()), "deterministic");
        for (int cut : new int[] {1, 3, 5, 10, 13, 29}) {
            Run resumed = raced(Strategies.create(Strategies.defaults(name), 11), 60, whole.seen().subList(0, cut));
            assertEquals(whole.seen().stream().map(Evaluation::fitness).toList(),
                    resumed.seen().stream().map(Evaluation::fitness).toList(), "cut at " + cut);
            assertEquals(whole.thresholds().subList(cut, 60), resumed.thresholds(), "cut at " + cut);
        }
    }
}
