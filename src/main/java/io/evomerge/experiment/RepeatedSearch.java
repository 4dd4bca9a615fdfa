package io.evomerge.experiment;

import io.evomerge.report.SummaryRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table row of a search run several times: the repeats' mean validation and test metrics and fitness, their
 * summed evaluations and seconds, and each repeat's own row (with its seed) under {@code repeats}.
 */
final class RepeatedSearch {
    private RepeatedSearch() {
    }

    static SummaryRow pooled(SearchSpec spec, List<SummaryRow> repeats) {
        List<SummaryRow> seeded = new java.util.ArrayList<>();
        for (int k = 0; k < repeats.size(); k++) {
            SummaryRow r = repeats.get(k);
            Map<String, Object> params = new LinkedHashMap<>(r.params());
            params.put("seed", spec.repeat(k).seed());
            seeded.add(new SummaryRow(r.label(), r.kind(), r.method(), r.strategy(), r.search(), r.validation(),
                    r.test(), r.validationFitness(), r.evaluations(), r.seconds(), params, null, null));
        }
        boolean allFit = repeats.stream().allMatch(r -> r.validationFitness() != null);
        Double fitness = allFit ? repeats.stream().mapToDouble(SummaryRow::validationFitness).average().orElseThrow()
                : null;
        SummaryRow first = repeats.getFirst();
        return new SummaryRow(first.label(), first.kind(), first.method(), first.strategy(), spec.name(),
                mean(repeats, SummaryRow::validation), mean(repeats, SummaryRow::test), fitness,
                repeats.stream().mapToInt(SummaryRow::evaluations).sum(),
                repeats.stream().mapToDouble(SummaryRow::seconds).sum(), Map.of(), null, seeded);
    }

    /** Task → metric → the mean over the repeats that have it (all of them, unless a repeat failed). */
    private static Map<String, Map<String, Double>> mean(List<SummaryRow> repeats,
                                                         Function<SummaryRow, Map<String, Map<String, Double>>> side) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Double>> task : side.apply(repeats.getFirst()).entrySet()) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (String metric : task.getValue().keySet()) {
                List<Double> values = repeats.stream().map(r -> side.apply(r).getOrDefault(task.getKey(), Map.of())
                        .get(metric)).toList();
                if (values.stream().allMatch(v -> v != null)) {
                    metrics.put(metric, values.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                }
            }
            out.put(task.getKey(), metrics);
        }
        return out;
    }
}
