package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryClozeReaderTest {

    private static final String HEADER = String.join(",", StoryClozeReader.HEADER) + "\n";

    @TempDir
    Path temp;

    static Path fixture() throws URISyntaxException {
        return Path.of(StoryClozeReaderTest.class.getResource("story_cloze_fixture.csv").toURI());
    }

    @Test
    void readsTheFixtureAsTwoChoiceTask() throws URISyntaxException {
        Split split = StoryClozeReader.read(fixture(), SplitName.VALIDATION);
        assertEquals(8, split.size());
        assertEquals(TaskKind.MULTIPLE_CHOICE, split.task().kind());
        assertEquals(List.of(0, 1, 0, 0, 1, 0, 0, 1), Arrays.stream(split.classLabels()).boxed().toList());
        Example second = split.examples().get(1);
        assertEquals("Tom forgot his umbrella at home. The sky turned dark on his way to work. It started to pour. "
                + "He ran the last block, holding his bag over his head.", second.text());
        assertEquals(List.of("Tom arrived dry and relaxed.", "Tom arrived soaking wet."), second.choices());
    }

    @Test
    void unescapesDoubledQuotesInQuotedFields() throws URISyntaxException {
        Split split = StoryClozeReader.read(fixture(), SplitName.VALIDATION);
        assertEquals("The printer beeped and said \"Ready\".", split.examples().get(3).choices().get(0));
        assertTrue(split.examples().get(7).text().contains(" Her neighbour offered jumper cables, \"just in case\". "));
    }

    @Test
    void quotedFieldsMaySpanLinesAndCrLfEndsRecords() throws IOException {
        Path csv = Files.writeString(temp.resolve("multi.csv"), HEADER.replace("\n", "\r\n")
                + "id,\"One,\r\ntwo.\",b,c,d,e,f,2\r\n");
        Example example = StoryClozeReader.read(csv, SplitName.TEST).examples().getFirst();
        assertEquals("One,\r\ntwo. b c d", example.text());
        assertEquals(1, example.classIndex());
    }

    @Test
    void badRecordsNameFileLineAndProblem() throws IOException {
        assertBad(HEADER + "id,a,b,c,d,e,f,1\nid,a,b,c,d,e,f,3\n", ":3: AnswerRightEnding '3' is not 1 or 2");
        assertBad(HEADER + "id,a,b,c,d,e,1\n", ":2: expected 8 fields, found 7");
        assertBad(HEADER + "id,\"a\nb\",b,c,d,e,f,1\nid,a,b,c,,e,f,1\n", ":4: InputSentence4 is empty");
        assertBad(HEADER + "id,\"a,b,c,d,e,f,1\n", ":2: quoted field is not closed before end of file");
        assertBad(HEADER + "id,a\"b,b,c,d,e,f,1\n", ":2: quote inside an unquoted field");
        assertBad("id,s1\n", ":1: expected header");
    }

    private void assertBad(String content, String expected) throws IOException {
        Path csv = Files.writeString(temp.resolve("bad.csv"), content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> StoryClozeReader.read(csv, SplitName.TEST));
        assertTrue(e.getMessage().startsWith(csv + expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
