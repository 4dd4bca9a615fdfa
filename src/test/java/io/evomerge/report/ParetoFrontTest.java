package io.evomerge.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fronts, knees and weighted choices worked out by hand. */
class ParetoFrontTest {

    private static ParetoFront.Point p(int id, double... objectives) {
        return new ParetoFront.Point(id, objectives);
    }

    private static final List<ParetoFront.Point> POINTS = List.of(
            p(0, 0.2, 0.9), // front: best on the second objective
            p(1, 0.5, 0.5), // dominated by 3 (0.6 ≥ 0.5, 0.7 > 0.5)
            p(2, 0.9, 0.1), // front: best on the first
            p(3, 0.6, 0.7), // front
            p(4, 0.6, 0.7), // equal to 3: only the first is kept
            p(5, 0.2, 0.8)); // dominated by 0 (equal first, lower second)

    @Test
    void theFrontHoldsTheUndominatedPointsInOrder() {
        assertEquals(List.of(POINTS.get(0), POINTS.get(2), POINTS.get(3)), ParetoFront.of(POINTS));
        assertEquals(List.of(POINTS.get(1)), ParetoFront.of(List.of(POINTS.get(1))));
    }

    /**
     * Over the front, objective 1 spans 0.2..0.9 and objective 2 0.1..0.9. Scaled: point 0 (0, 1), point 2 (1, 0),
     * point 3 (4/7, 6/8); squared distances to (1, 1): 1, 1 and (3/7)² + (1/4)² = 0.2462. The knee is point 3.
     */
    @Test
    void theKneeIsClosestToTheIdealPointInScaledObjectives() {
        assertEquals(POINTS.get(3), ParetoFront.knee(ParetoFront.of(POINTS)));
        // an objective equal over the whole front counts 1 for everyone: the other decides
        assertEquals(p(1, 0.5, 0.6), ParetoFront.knee(List.of(p(0, 0.5, 0.4), p(1, 0.5, 0.6))));
        assertThrows(IllegalArgumentException.class, () -> ParetoFront.knee(List.of()));
    }

    /** Weights (1, 0): point 2 (0.9); (0, 1): point 0 (0.9); (1, 1): sums 1.1, 1.0, 1.3, so point 3. */
    @Test
    void weightsPickTheLargestWeightedSum() {
        List<ParetoFront.Point> front = ParetoFront.of(POINTS);
        assertEquals(POINTS.get(2), ParetoFront.weighted(front, new double[] {1, 0}));
        assertEquals(POINTS.get(0), ParetoFront.weighted(front, new double[] {0, 1}));
        assertEquals(POINTS.get(3), ParetoFront.weighted(front, new double[] {1, 1}));
    }

    @Test
    void drawsTwoObjectivesAsAScatterAndMoreAsParallelCoordinates(@TempDir Path dir) throws Exception {
        List<ParetoFront.Point> front = ParetoFront.of(POINTS);
        ParetoFront.draw("two", List.of("a", "b"), POINTS, front, front.get(2), dir.resolve("two.png"));
        List<ParetoFront.Point> three = List.of(p(0, 0.1, 0.5, 0.9), p(1, 0.9, 0.5, 0.1), p(2, 0.5, 0.5, 0.5));
        ParetoFront.draw("three", List.of("a", "b", "c"), three, ParetoFront.of(three), three.get(2),
                dir.resolve("three.png"));
        for (String f : List.of("two.png", "three.png")) {
            BufferedImage image = ImageIO.read(Files.newInputStream(dir.resolve(f)));
            assertEquals(List.of(Charts.WIDTH, Charts.HEIGHT), List.of(image.getWidth(), image.getHeight()), f);
        }
    }
}
