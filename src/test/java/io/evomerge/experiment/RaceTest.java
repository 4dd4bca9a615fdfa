package io.evomerge.experiment;

import io.evomerge.data.Metric;
import io.evomerge.eval.Bootstrap;
import io.evomerge.eval.Predictions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Racing on constructed candidates: two accuracy tasks of 200 examples in a shuffled order, as the validation subsets
 * are. Whatever the race stops could not have become the best on the full examples.
 */
class RaceTest {
    private static final int EXAMPLES = 200;

    /** Candidates right on each example with probability p; scored in slices like the suite scores validation. */
    private record Constructed(Map<String, Predictions> full) implements Race.Stages {
        @Override
        public Map<String, Predictions> predict(double from, double to) {
            Map<String, Predictions> out = new LinkedHashMap<>();
            full.forEach((task, p) -> {
                int a = Race.end(from, p.size()), b = Race.end(to, p.size());
                double[] predicted = java.util.Arrays.copyOfRange(p.predicted(), a, b);
                double[] gold = java.util.Arrays.copyOfRange(p.gold(), a, b);
                out.put(task, new Predictions(false, predicted, gold));
            });
            return out;
        }

        @Override
        public Scorer.Scores score(Map<String, Predictions> predictions) {
            var r = new Bootstrap(200, 1).resample(List.copyOf(predictions.values()),
                    List.of(Metric.ACCURACY, Metric.ACCURACY));
            Bootstrap.Estimate fitness = r.weightedMean(new double[] {1, 1});
            return new Scorer.Scores(Map.of(), fitness.value(), fitness.standardError(), predictions);
        }

        double fullFitness() {
            return score(full).fitness();
        }
    }

    private static Constructed candidate(Random random, double p) {
        Map<String, Predictions> full = new LinkedHashMap<>();
        for (String task : List.of("a", "b")) {
            int[] gold = new int[EXAMPLES];
            int[] predicted = new int[EXAMPLES];
            for (int i = 0; i < EXAMPLES; i++) {
                gold[i] = random.nextInt(2);
                predicted[i] = random.nextDouble() < p ? gold[i] : 1 - gold[i];
            }
            full.put(task, Predictions.classes(predicted, gold));
        }
        return new Constructed(full);
    }

    @Test
    void neverStopsACandidateWhoseFullScoreBeatsTheThreshold() {
        Random random = new Random(5);
        double threshold = 0.75;
        int stopped = 0, ranked = 0;
        double scored = 0;
        for (int c = 0; c < 300; c++) {
            Constructed candidate = candidate(random, 0.5 + 0.4 * random.nextDouble());
            Race.Outcome o = Race.run(candidate, threshold);
            scored += o.fidelity();
            if (candidate.fullFitness() >= threshold) {
                ranked++;
                assertEquals(1.0, o.fidelity(), "candidate " + c + " (full fitness " + candidate.fullFitness()
                        + ") would have become the best");
                assertEquals(candidate.fullFitness(), o.scores().fitness(), 0);
            }
            if (o.fidelity() < 1) {
                stopped++;
                assertTrue(o.scores().fitness() < threshold, "a stopped candidate never becomes the best");
            }
        }
        assertTrue(ranked > 20, ranked + " candidates beat the threshold");
        assertTrue(stopped > 100, "the clearly worse stop early: " + stopped);
        assertTrue(scored / 300 < 0.8, "examples scored: " + scored / 300 + " of the full cost");
    }

    @Test
    void withoutAThresholdEveryExampleIsScoredAndTheSlicesTileTheSplit() {
        Constructed candidate = candidate(new Random(9), 0.7);
        Race.Outcome o = Race.run(candidate, Double.NEGATIVE_INFINITY);
        assertEquals(1.0, o.fidelity());
        assertEquals(candidate.full(), o.scores().predictions(), "the stages' predictions are the whole split, in order");
        assertEquals(candidate.fullFitness(), o.scores().fitness(), 0);
    }

    @Test
    void aHopelessCandidateStopsAfterTheFirstQuarter() {
        Constructed hopeless = candidate(new Random(2), 0.0);
        Race.Outcome o = Race.run(hopeless, 0.6);
        assertEquals(0.25, o.fidelity());
        assertEquals(0.0, o.scores().fitness(), 0);
        assertEquals(List.of(50, 50), new ArrayList<>(o.scores().predictions().values().stream().map(Predictions::size).toList()));
        assertEquals(o, Race.run(hopeless, 0.6), "deterministic");
    }

    @Test
    void slicesEndAtTheCeilingOfTheShare() {
        assertEquals(List.of(0, 25, 50, 100), List.of(Race.end(0, 100), Race.end(0.25, 100), Race.end(0.5, 100),
                Race.end(1, 100)));
        assertEquals(List.of(0, 1, 2, 3), List.of(Race.end(0, 3), Race.end(0.25, 3), Race.end(0.5, 3), Race.end(1, 3)));
    }
}
