package io.evomerge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .real("w", -2, 3)
            .ratio("density")
            .real("lambda", 0, 1, 0.3)
            .choice("nm", List.of("2:4", "4:8", "8:16"))
            .build();

    @Test
    void decodesTheUnitCubeOntoTheBoundsAndItsEnds() {
        Candidate low = SPACE.decode(new double[] {0, 0, 0, 0});
        Candidate high = SPACE.decode(new double[] {1, 1, 1, 1});
        assertEquals(-2.0, low.real("w"));
        assertEquals(3.0, high.real("w"));
        assertEquals(0.0, low.real("density"));
        assertEquals(1.0, high.real("density"));
        assertEquals("2:4", low.get("nm", String.class));
        assertEquals("8:16", high.get("nm"));
    }

    @Test
    void snapsToTheStepGridWithCleanDecimals() {
        assertEquals(0.12, SPACE.decode(new double[] {0.5, 0.123456, 0, 0}).real("density"));
        assertEquals(0.07, SPACE.decode(new double[] {0.5, 0.0712, 0, 0}).real("density"));
        // hi = 1 is off the 0.3 grid: the last grid point is 0.9, never more.
        assertEquals(0.9, SPACE.decode(new double[] {0.5, 0.5, 1, 0}).real("lambda"));
        assertEquals(0.3, SPACE.decode(new double[] {0.5, 0.5, 0.4, 0}).real("lambda"));
    }

    @Test
    void choicesSplitTheUnitIntervalIntoEqualBins() {
        assertEquals("2:4", SPACE.decode(new double[] {0, 0, 0, 0.333}).get("nm"));
        assertEquals("4:8", SPACE.decode(new double[] {0, 0, 0, 0.334}).get("nm"));
        assertEquals("4:8", SPACE.decode(new double[] {0, 0, 0, 0.666}).get("nm"));
        assertEquals("8:16", SPACE.decode(new double[] {0, 0, 0, 0.667}).get("nm"));
        Param nm = SPACE.params().get(3);
        for (Object option : List.of("2:4", "4:8", "8:16")) {
            assertEquals(option, nm.decode(nm.encode(option)));
        }
    }

    @Test
    void encodedValuesDecodeToThemselves() {
        double[] unit = SPACE.encode(Map.of("w", 0.25, "density", 0.35, "nm", "8:16"));
        Candidate c = SPACE.decode(unit);
        assertEquals(0.25, c.real("w"));
        assertEquals(0.35, c.real("density"));
        assertEquals(0.6, c.real("lambda")); // left out: the centre 0.5, snapped to the nearest 0.6
        assertEquals("8:16", c.get("nm"));
    }

    @Test
    void mirrorMapStaysInTheUnitIntervalAndCoversIt() {
        var random = new SplittableRandom(7);
        int[] bins = new int[20];
        for (int k = 0; k < 100_000; k++) {
            double u = Unit.mirror(random.nextGaussian() * 50);
            assertTrue(u >= 0 && u <= 1, "mirror gave " + u);
            bins[Math.min((int) (u * bins.length), bins.length - 1)]++;
        }
        for (int count : bins) {
            assertTrue(count > 100_000 / bins.length / 2, "a twentieth of [0, 1] is under-covered: " + count);
        }
        assertEquals(0.0, Unit.mirror(2));
        assertEquals(1.0, Unit.mirror(-1));
        assertEquals(0.25, Unit.mirror(-0.25));
        assertEquals(0.75, Unit.mirror(1.25));
    }

    @Test
    void cmaesCandidatesStayInBoundsAndReachBothEnds() {
        var space = SearchSpace.builder().real("a", -1, 1).real("b", 10, 20).build();
        var seen = new ArrayList<Candidate>();
        // A noisy fitness with a wide sigma keeps the distribution spread over the whole box.
        var noise = new SplittableRandom(3);
        new Search(space, Strategies.create(new CmaEsOptions(0, 1.0, Map.of(), true), 11), 600)
                .run(batch -> batch.stream().mapToDouble(c -> noise.nextDouble()).toArray(), List.of(), e -> seen.add(e.candidate()));
        assertEquals(600, seen.size());
        for (String gene : List.of("a", "b")) {
            double lo = gene.equals("a") ? -1 : 10;
            double hi = gene.equals("a") ? 1 : 20;
            double min = seen.stream().mapToDouble(c -> c.real(gene)).min().orElseThrow();
            double max = seen.stream().mapToDouble(c -> c.real(gene)).max().orElseThrow();
            assertTrue(min >= lo && max <= hi, gene + " left [" + lo + ", " + hi + "]: " + min + " .. " + max);
            assertTrue(min < lo + 0.02 * (hi - lo) && max > hi - 0.02 * (hi - lo),
                    gene + " did not cover its interval: " + min + " .. " + max);
        }
    }

    @Test
    void rejectsInvalidDeclarationsNamingTheSetting() {
        assertMessage("bounds of 'x'", () -> SearchSpace.builder().real("x", 1, 1));
        assertMessage("bounds of 'x'", () -> SearchSpace.builder().real("x", 0, Double.POSITIVE_INFINITY));
        assertMessage("step of 'x'", () -> SearchSpace.builder().real("x", 0, 1, -0.1));
        assertMessage("step of 'x'", () -> SearchSpace.builder().real("x", 0, 1, 2));
        assertMessage("options of 'c'", () -> SearchSpace.builder().choice("c", List.of()));
        assertMessage("unique", () -> SearchSpace.builder().ratio("r").ratio("r").build());
        assertMessage("at least 1 gene", () -> SearchSpace.builder().build());
        assertMessage("unknown gene 'y'", () -> SPACE.encode(Map.of("y", 1)));
        assertMessage("value of 'w'", () -> SPACE.encode(Map.of("w", 7)));
        assertMessage("value of 'nm'", () -> SPACE.encode(Map.of("nm", "1:2")));
        assertMessage("coordinate 0", () -> SPACE.decode(new double[] {1.5, 0, 0, 0}));
    }

    static void assertMessage(String part, Runnable action) {
        var e = assertThrows(RuntimeException.class, action::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
