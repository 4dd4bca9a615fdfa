package io.evomerge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evomerge.EvomergeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
    private static final Path FILE = Path.of("x.yaml");

    @Test
    void typedGettersReadWhatTheyAreGiven() {
        YamlNode root = YamlNode.parse(FILE, "", "{n: 3, r: 0.25, b: false, t: hi, l: [1, 2], m: {k: 1}}");
        assertEquals(3, root.integer("n", Range.closed(1, 5), 1));
        assertEquals(7, root.integer("absent", Range.closed(1, 9), 7));
        assertEquals(0.25, root.number("r", Range.above(0, 1), 0.5));
        assertEquals(false, root.bool("b", true));
        assertEquals("hi", root.text("t"));
        assertEquals("l[1]", root.list("l").get(1).path());
        assertEquals("m.k", root.mapping("m").get("k").path());
    }

    @Test
    void wrongTypesDuplicatesAndNonFiniteNumbersAreRefusedNamingTheKeyPath() {
        assertError("{a: {n: ten}}", "x.yaml: a.n: must be an integer in [1, 5], found 'ten'");
        assertError("{a: {n: 2.5}}", "x.yaml: a.n: must be an integer in [1, 5], found 2.5");
        assertError("{a: {n: 9}}", "x.yaml: a.n: must be an integer in [1, 5], found 9");
        assertError("{a: {r: 'yes'}}", "x.yaml: a.r: must be a number in (0, 0.5], found 'yes'");
        assertError("{a: {b: 'yes'}}", "x.yaml: a.b: must be true or false, found 'yes'");
        assertError("{a: {t: ''}}", "x.yaml: a.t: must not be empty");
        assertError("{a: {t: 3}}", "x.yaml: a.t: must be text, found 3");
        assertError("{a: {q: 1}}", "x.yaml: a.q: unknown key; valid keys of a: n, r, b, t");
        assertError("a: {n: 1}\nb: 2\na: 3\n", "x.yaml: a: the key is given twice; keep one");
        assertError("a: {l: [1, .nan]}", "x.yaml: a.l[1]: must be a finite number, found .nan");
        assertError("a: {r: -.inf}", "x.yaml: a.r: must be a finite number, found -.inf");
        assertError("a: {r: 1e400}", "x.yaml: a.r: must be a finite number, found 1e400");
        assertError("b: &v 0.2\na: {r: *v}", "x.yaml: a.r: the alias *v is not supported; write the value out");
        assertError("a: [1", "x.yaml: invalid YAML at line 1");
    }

    private static void assertError(String yaml, String expected) {
        String message = assertThrows(EvomergeException.class, () -> {
            YamlNode a = YamlNode.parse(FILE, "", yaml).mapping("a");
            a.onlyKeys(List.of("n", "r", "b", "t"));
            a.integer("n", Range.closed(1, 5), 1);
            a.number("r", Range.above(0, 0.5), 0.1);
            a.bool("b", true);
            a.text("t", "x");
        }).getMessage();
        assertTrue(message.startsWith(expected), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }
}
