package io.evomerge.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-package extractors, on small inputs in each package's layout. */
class SourcesTest {

    @TempDir
    Path temp;

    @Test
    void sentimentFixturesMapClassToLabel() throws IOException {
        Path fixtures = Files.createDirectories(temp.resolve("test/fixtures"));
        Files.writeString(fixtures.resolve("amazon.json"), "[{\"text\":\"Great case.  \",\"class\":1}]");
        Files.writeString(fixtures.resolve("imdb.json"), "[{\"text\":\"Dull.\",\"class\":0}]");
        Files.writeString(fixtures.resolve("yelp.json"), "[]");
        assertEquals(List.of(new LabelledText("Great case.", "positive"), new LabelledText("Dull.", "negative")),
                SentimentFixtures.read(temp));
    }

    @Test
    void mailsKeepSubjectAndTheStartOfThePlainBody() {
        String mail = """
                From someone@example.com  Thu Aug 22 12:36:23 2002
                Subject: Cheap
                \tpills
                Content-Type: multipart/alternative; boundary="xyz"

                --xyz
                Content-Type: text/html

                <html><head><title>t</title></head><body><p>Buy&nbsp;now &amp; save</p>
                QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3
                </body></html>
                --xyz--
                """;
        assertEquals("Subject: Cheap pills\nBuy now & save", SpamAssassinMails.summarize(mail));
        String longBody = "Subject: x\n\n" + "word ".repeat(200);
        String summary = SpamAssassinMails.summarize(longBody);
        assertEquals("Subject: x\n" + "word ".repeat(60).strip(), summary);
    }

    @Test
    void spamGroupsGiveTheLabel() throws IOException {
        for (String group : List.of("easy-ham-1", "spam-2")) {
            Path dir = Files.createDirectories(temp.resolve("data").resolve(group));
            Files.writeString(dir.resolve("00001.abc.json"), "{\"text\":\"Subject: hi " + group + "\\n\\nbody\"}");
            Files.writeString(dir.resolve("00001.abc.txt"), "ignored");
        }
        Files.writeString(temp.resolve("data/file_list.json"), "[]");
        assertEquals(List.of(new LabelledText("Subject: hi easy-ham-1\nbody", "ham"),
                new LabelledText("Subject: hi spam-2\nbody", "spam")), SpamAssassinMails.read(temp));
    }

    @Test
    void grammarExamplesWithACorrectionAreUnacceptable() throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE rules [ <!ENTITY who "Tom"> ]>
                <rules lang="en">
                  <category id="GRAMMAR" name="Grammar">
                    <rule id="R1">
                      <example correction="goes">&who; <marker>go</marker> home now.</example>
                      <example>&who; goes home now.</example>
                      <example type="triggers_error">Is this really wrong?</example>
                      <example>Too short.</example>
                    </rule>
                  </category>
                  <category id="TYPOS" name="Typos">
                    <rule id="R2"><example correction="the">I saw <marker>teh</marker> cat.</example></rule>
                  </category>
                </rules>
                """;
        assertEquals(List.of(new LabelledText("Tom go home now.", "unacceptable"),
                        new LabelledText("Tom goes home now.", "acceptable")),
                GrammarExamples.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void fortunesSplitOnPercentLinesAndLoseOverstrike() {
        String file = "To err is human.\n\t-- Anon\n%\nB\bBo\bol\bld _\bi_\bt\n%\n" + "x".repeat(501) + "\n%\n";
        assertEquals(List.of("To err is human. -- Anon", "Bold it"), FortuneFiles.parse(file));
    }
}
