package io.evomerge.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Pareto front of scored candidates over several objectives, all maximised (a search's per-task validation
 * metrics), and the point chosen from it: the knee, or the best under the user's weights.
 */
public final class ParetoFront {

    /** A scored candidate: its id (the caller's, e.g. a journal index) and its objectives. */
    public record Point(int id, double[] objectives) {
        public Point {
            objectives = objectives.clone();
        }

        /** Whether this point is at least as good as {@code other} on every objective and better on one. */
        boolean dominates(Point other) {
            boolean better = false;
            for (int k = 0; k < objectives.length; k++) {
                if (objectives[k] < other.objectives[k]) return false;
                if (objectives[k] > other.objectives[k]) better = true;
            }
            return better;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Point p && p.id == id && Arrays.equals(p.objectives, objectives);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(objectives);
        }

        @Override
        public String toString() {
            return id + Arrays.toString(objectives);
        }
    }

    private ParetoFront() {
    }

    /**
     * The points no other point dominates, in input order; of points with equal objectives (a remembered duplicate)
     * only the first.
     */
    public static List<Point> of(List<Point> points) {
        List<Point> front = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            boolean kept = true;
            for (int j = 0; j < points.size() && kept; j++) {
                Point q = points.get(j);
                kept = !q.dominates(p) && !(j < i && Arrays.equals(q.objectives(), p.objectives()));
            }
            if (kept) front.add(p);
        }
        return front;
    }

    /**
     * The knee: each objective scaled to [0, 1] over the front (its worst to its best; an objective equal on the
     * whole front counts 1), the point closest to the ideal point (1, …, 1) in Euclidean distance, the first of
     * equals. It trades no objective away entirely, where a weighted sum picks an extreme of a convex front.
     */
    public static Point knee(List<Point> front) {
        if (front.isEmpty()) throw new IllegalArgumentException("an empty front has no knee");
        int k = front.getFirst().objectives().length;
        double[] lo = new double[k], hi = new double[k];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (Point p : front) {
            for (int i = 0; i < k; i++) {
                lo[i] = Math.min(lo[i], p.objectives()[i]);
                hi[i] = Math.max(hi[i], p.objectives()[i]);
            }
        }
        Point best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Point p : front) {
            double d = 0;
            for (int i = 0; i < k; i++) {
                double scaled = hi[i] > lo[i] ? (p.objectives()[i] - lo[i]) / (hi[i] - lo[i]) : 1;
                d += (1 - scaled) * (1 - scaled);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = p;
            }
        }
        return best;
    }

    /** The point with the largest weighted sum of its objectives, the first of equals. */
    public static Point weighted(List<Point> front, double[] weights) {
        if (front.isEmpty()) throw new IllegalArgumentException("an empty front has no best point");
        Point best = null;
        double bestSum = Double.NEGATIVE_INFINITY;
        for (Point p : front) {
            double s = 0;
            for (int i = 0; i < weights.length; i++) s += weights[i] * p.objectives()[i];
            if (s > bestSum) {
                bestSum = s;
                best = p;
            }
        }
        return best;
    }

    /**
     * Draws the front to {@code file}: for two objectives every scored point against both, the front joined and the
     * chosen point marked; for more, parallel coordinates of the front's points (one line each, the chosen one bold).
     */
    public static void draw(String title, List<String> objectives, List<Point> all, List<Point> front, Point chosen,
                            Path file) throws IOException {
        if (objectives.size() == 2) Charts.paretoScatter(title, objectives, all, front, chosen, file);
        else Charts.parallelCoordinates(title, objectives, front, chosen, file);
    }
}
