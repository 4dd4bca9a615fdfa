package io.evomerge.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NumbersTest {
    @Test
    void pointsRoundTheWrittenDecimalHalfAwayFromZero() {
        assertEquals(41.3, Numbers.points(0.4125));
        assertEquals(-41.3, Numbers.points(-0.4125));
        assertEquals(10.0, Numbers.points(0.1));
        assertNull(Numbers.points(null));
        assertEquals(63.7, Numbers.averagePoints(List.of(0.861, 0.4125)));
        assertNull(Numbers.averagePoints(Arrays.asList(0.5, null)));
    }

    @Test
    void durationsAndFitness() {
        assertEquals("3.2 s", Numbers.duration(3.2));
        assertEquals("4.0 min", Numbers.duration(240));
        assertEquals("2.5 h", Numbers.duration(9000));
        assertEquals("0.3050", Numbers.fitness(0.305));
        assertEquals("–", Numbers.fitness(null));
    }
}
