package io.evomerge.merge;

import io.evomerge.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's documentation: `evomerge merge --help` and the README table list every method and parameter. */
class MethodTableTest {
    private static final Path README = Path.of("README.md");
    private static final String BEGIN = "<!-- merge-methods:begin -->\n";
    private static final String END = "<!-- merge-methods:end -->";

    /**
     * The README's table between its markers is {@link MethodTable#markdown()}, so a method added to the registry
     * cannot be missing there. {@code -Devomerge.writeReadme=true} rewrites the region instead of comparing.
     */
    @Test
    void readmeTableIsTheRegistrys() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md needs the markers " + BEGIN.strip() + " and " + END);
        String inReadme = readme.substring(begin + BEGIN.length(), end);
        String generated = MethodTable.markdown();
        if (Boolean.getBoolean("evomerge.writeReadme")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + generated + readme.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, inReadme, "README.md's merge-methods table differs from the registry; regenerate it "
                + "with: bin/test -Dtest=MethodTableTest -Devomerge.writeReadme=true");
    }

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
