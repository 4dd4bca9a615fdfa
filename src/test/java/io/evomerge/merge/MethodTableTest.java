package io.evomerge.merge;

import io.evomerge.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's documentation: `evomerge merge --help` and the README table list every method and parameter. */
class MethodTableTest {
    @Test
    void mergeHelpListsEveryMethodWithItsParametersDefaultsAndRanges() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[]{"merge", "--help"}, new PrintWriter(out), new PrintWriter(new StringWriter())));
        String help = out.toString();
        for (MergeMethod m : MergeMethod.values()) {
            int at = help.indexOf("  " + m.configName() + ": ");
            assertTrue(at >= 0, m.configName() + " missing from:\n" + help);
            for (Parameter p : m.parameters()) {
                String line = String.format("      %-10s %s", p.name() + (p.perModel() ? "*" : ""), p.defaultText());
                assertTrue(help.indexOf(line, at) > at, m.configName() + ": no line '" + line + "' in:\n" + help);
            }
        }
        assertTrue(help.contains("\n  ties: trim each τi to its top density by |x|,"), help);
        assertTrue(help.contains("\n      density*   0.2 in (0, 1]\n"), help);
        assertTrue(help.contains("\n      clip       0.0001 in [0, 0.5)\n"), help);
        assertTrue(help.contains("\n      inter      sum in {sum, pairwise}\n"), help);
        assertTrue(help.contains("\n      n          4 in [1, ∞)\n"), help);
        assertTrue(help.contains("\n  density    fraction of entries kept\n"), help);
        for (String line : help.substring(help.indexOf("Merge methods")).split("\n")) {
            assertTrue(line.length() < 80, "wrapped at 79: " + line);
        }
    }

    @Test
    void markdownHasOneRowPerMethodAndPerParameterName() {
        String md = MethodTable.markdown();
        for (MergeMethod m : MergeMethod.values()) assertTrue(md.contains("\n| `" + m.configName() + "` | "), m.configName());
        assertTrue(md.contains("`density`* 0.2 (0, 1]"), "ties's own default of a shared parameter:\n" + md);
        assertTrue(md.contains("`density`* 0.1 (0, 1]"), "cabs's own default:\n" + md);
        assertTrue(md.contains("| `weight` | the model's coefficient (what the ES tunes) | yes | yes |"), md);
        assertEquals(1, md.split("\\| `ratio` \\|", -1).length - 1, "each parameter name once:\n" + md);
    }
}
