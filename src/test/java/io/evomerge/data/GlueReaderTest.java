package io.evomerge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlueReaderTest {

    @TempDir
    Path temp;

    /** Counts from shared/datasets/glue/README.md. */
    @ParameterizedTest
    @CsvSource({
        "COLA, 7250, 1301, 1043",
        "SST2, 60614, 6735, 872",
        "MRPC, 2576, 1500, 1725",
        "RTE, 2127, 363, 277",
        "STSB, 4249, 1500, 1500"})
    void readsEverySplitOfTheSharedFiles(GlueTask task, int train, int validation, int test) {
        assertEquals(train, GlueReader.read(SharedData.glue(), task, SplitName.TRAIN).size());
        assertEquals(validation, GlueReader.read(SharedData.glue(), task, SplitName.VALIDATION).size());
        Split split = GlueReader.read(SharedData.glue(), task, SplitName.TEST);
        assertEquals(test, split.size());
        assertEquals(task.spec(), split.task());
        assertEquals(SplitName.TEST, split.name());
    }

    @Test
    void colaHasNoHeaderAndReadsTheSentenceColumn() {
        Example first = GlueReader.read(SharedData.glue(), GlueTask.COLA, SplitName.VALIDATION).examples().get(0);
        assertEquals(Example.single("Bill broke the bathtub.", 1), first);
        Example third = GlueReader.read(SharedData.glue(), GlueTask.COLA, SplitName.VALIDATION).examples().get(2);
        assertEquals(0, third.classIndex());
    }

    @Test
    void majorityClassMatchesTheReadme() {
        // README: CoLA test majority accuracy 0.691, RTE 0.527, MRPC 0.665
        assertEquals(0.691, positiveShare(GlueTask.COLA), 5e-4);
        assertEquals(0.527, 1 - positiveShare(GlueTask.RTE), 5e-4);
        assertEquals(0.665, positiveShare(GlueTask.MRPC), 5e-4);
    }

    private static double positiveShare(GlueTask task) {
        return Arrays.stream(GlueReader.read(SharedData.glue(), task, SplitName.TEST).classLabels())
                .average().orElseThrow();
    }

    @Test
    void pairTasksKeepQuotesAndMapLabels() {
        Example mrpc = GlueReader.read(SharedData.glue(), GlueTask.MRPC, SplitName.TRAIN).examples().get(0);
        assertEquals(1, mrpc.classIndex());
        assertEquals("Amrozi accused his brother, whom he called \"the witness\", of deliberately distorting his evidence.",
                mrpc.text());
        Example rte = GlueReader.read(SharedData.glue(), GlueTask.RTE, SplitName.TRAIN).examples().get(0);
        assertEquals(Example.pair("No Weapons of Mass Destruction Found in Iraq Yet.",
                "Weapons of Mass Destruction Found in Iraq.", 1), rte);
        Split stsb = GlueReader.read(SharedData.glue(), GlueTask.STSB, SplitName.TRAIN);
        assertEquals(Example.pair("A plane is taking off.", "An air plane is taking off.", 5.0), stsb.examples().get(0));
        assertArrayEquals(new double[] {5.0, 3.8}, Arrays.copyOf(stsb.scores(), 2));
    }

    @Test
    void singleSentenceTasksHaveNoPair() {
        Example sst = GlueReader.read(SharedData.glue(), GlueTask.SST2, SplitName.TEST).examples().get(1);
        assertEquals("unflinchingly bleak and desperate ", sst.text());
        assertNull(sst.textPair());
        assertEquals(0, sst.classIndex());
    }

    @Test
    void badRowsNameFileLineAndProblem() throws IOException {
        assertBad(GlueTask.SST2, "sentence\tlabel\ngood film\t1\nbad film\n", ":3: expected 2 tab-separated columns, found 1");
        assertBad(GlueTask.SST2, "sentence\tlabel\ngood film\tpositive\n", ":2: label 'positive' is not 0 or 1");
        assertBad(GlueTask.SST2, "text\tlabel\ngood film\t1\n", ":1: expected header [sentence, label]");
        assertBad(GlueTask.RTE, "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentails\n",
                ":2: label 'entails' is not one of [entailment, not_entailment]");
        assertBad(GlueTask.COLA, "gj04\t1\t\tFine.\ngj04\t1\t\t \n", ":2: column 4 (text) is empty");
        String stsHeader = "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n";
        assertBad(GlueTask.STSB, stsHeader + "0\tg\tf\ty\t1\tn\tn\ta\tb\t5.5\n", ":2: score 5.5 is outside [0, 5]");
        assertBad(GlueTask.STSB, stsHeader + "0\tg\tf\ty\t1\tn\tn\ta\tb\thigh\n", ":2: score 'high' is not a number");
    }

    private void assertBad(GlueTask task, String content, String expected) throws IOException {
        Path file = Files.writeString(temp.resolve(task.directory() + ".tsv"), content);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> GlueReader.readFile(file, task, SplitName.TRAIN));
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
