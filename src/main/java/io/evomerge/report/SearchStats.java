package io.evomerge.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a journal says about its search: size, failures, the best validation fitness within each evaluation budget
 * (null when the search used fewer evaluations, or all of them failed), and the median seconds per evaluation.
 */
record SearchStats(String name, String strategy, String method, int evaluations, int failures, List<Double> bestAt,
                   Double best, double medianSeconds) {
    /** The budgets of the strategy × budget table. */
    static final List<Integer> BUDGETS = List.of(25, 50, 100);

    static SearchStats of(Journal journal) {
        List<Evaluation> evals = journal.evaluations();
        List<Double> curve = bestSoFar(evals);
        List<Double> bestAt = new ArrayList<>();
        for (int budget : BUDGETS) bestAt.add(budget <= curve.size() ? curve.get(budget - 1) : null);
        Evaluation first = evals.isEmpty() ? null : evals.getFirst();
        return new SearchStats(journal.name(), first == null ? null : first.strategy(),
                first == null ? null : first.method(), evals.size(),
                (int) evals.stream().filter(Evaluation::failed).count(), bestAt,
                curve.isEmpty() ? null : curve.getLast(), median(evals));
    }

    /**
     * The best fitness among the first n evaluations, for n = 1..size, in journal (completion) order. Failed
     * evaluations do not count: their fitness is a placeholder, so a curve starts at the first success.
     */
    static List<Double> bestSoFar(List<Evaluation> evals) {
        List<Double> curve = new ArrayList<>(evals.size());
        Double best = null;
        for (Evaluation e : evals) {
            if (!e.failed() && (best == null || e.fitness() > best)) best = e.fitness();
            curve.add(best);
        }
        return curve;
    }

    private static double median(List<Evaluation> evals) {
        if (evals.isEmpty()) return Double.NaN;
        double[] s = evals.stream().mapToDouble(Evaluation::seconds).sorted().toArray();
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
