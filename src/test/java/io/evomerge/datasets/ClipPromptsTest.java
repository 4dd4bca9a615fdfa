package io.evomerge.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evomerge.config.YamlNode;
import io.evomerge.model.HeadKind;
import io.evomerge.model.HeadSpec;
import io.evomerge.model.ZeroShotPrompts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * datasets/clip-prompts.yaml, the zero-shot heads of the PCB paper's eight image tasks, read as a task's head reads
 * it: each dataset's published class count, task vectors' template count per dataset, and the label order where it
 * is known independently (sorted folder names for SUN397, RESISC45 and DTD; digits 0-9; GTSRB's class 14 is the stop
 * sign; EuroSAT's folder order AnnualCrop, Forest, HerbaceousVegetation, ..., SeaLake).
 */
class ClipPromptsTest {
    static final Path FILE = Path.of("datasets/clip-prompts.yaml");
    /** Dataset → {classes, templates}. */
    static final Map<String, int[]> COUNTS = Map.of("SUN397", new int[] {397, 2}, "Cars", new int[] {196, 8},
            "RESISC45", new int[] {45, 18}, "EuroSAT", new int[] {10, 3}, "SVHN", new int[] {10, 1},
            "GTSRB", new int[] {43, 3}, "MNIST", new int[] {10, 1}, "DTD", new int[] {47, 8});

    @Test
    void everyDatasetReadsAsAZeroShotHead() {
        assertEquals(COUNTS.keySet().stream().sorted().toList(),
                YamlNode.read(FILE).keys().stream().sorted().toList());
        COUNTS.forEach((dataset, counts) -> {
            ZeroShotPrompts prompts = read(dataset);
            assertEquals(counts[0], prompts.classes().size(), dataset + " classes");
            assertEquals(counts[1], prompts.templates().size(), dataset + " templates");
        });
        for (String sorted : List.of("SUN397", "RESISC45", "DTD")) {
            List<String> classes = read(sorted).classes();
            assertEquals(classes.stream().sorted().toList(), classes, sorted + " is in folder-name order");
        }
        List<String> digits = IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        assertEquals(digits, read("MNIST").classes());
        assertEquals(digits, read("SVHN").classes());
        assertEquals("stop", read("GTSRB").classes().get(14));
        List<String> eurosat = read("EuroSAT").classes();
        assertEquals("annual crop land", eurosat.getFirst());
        assertEquals("brushland or shrubland", eurosat.get(2));
        assertEquals("lake or sea", eurosat.getLast());
        assertEquals("a centered satellite photo of {}.", read("EuroSAT").templates().getFirst());
    }

    private static ZeroShotPrompts read(String dataset) {
        HeadSpec spec = HeadKind.read(YamlNode.parse(Path.of("experiments/x.yaml"), "tasks[0].head",
                "{kind: zero_shot, prompts: ../datasets/clip-prompts.yaml, dataset: " + dataset + "}"),
                Path.of("experiments").toAbsolutePath());
        return ZeroShotPrompts.read(spec);
    }
}
