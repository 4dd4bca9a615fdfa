package io.evomerge.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The small real experiment that kill tests stop and resume ({@link TinyExperiment}): the PCB baseline, a CMA-ES
 * search over PCB weights (generation 1 is the start and 6 offspring, generation 2 six more: its budget of 14 ends in
 * generation 3) and a random search over task-arithmetic weights.
 */
final class KillExperiment {
    /** Each search's name and budget: what each finished journal must hold exactly. */
    static final Map<String, Integer> BUDGETS = Map.of("pcb-es", 14, "ta-rand", 3);
    static final String FIRST_SEARCH = "pcb-es", LAST_SEARCH = "ta-rand";

    private KillExperiment() {
    }

    /** Writes the data slices and {@code kill.yaml} into {@code dir} (its population goes to {@code dir/pop}). */
    static Path write(Path dir, Path shippedDatasets) throws IOException {
        TinyExperiment.writeData(dir, shippedDatasets);
        Path experiment = dir.resolve("kill.yaml");
        Files.writeString(experiment, TinyExperiment.yaml("kill", 3, "", """
                merges:
                  - {method: pcb}
                search:
                  - {name: pcb-es, method: pcb, genes: {weights: [0.5, 3.0]}, strategy: cmaes, budget: 14}
                  - {name: ta-rand, method: task_arithmetic, genes: {weights: [0.5, 1.5]}, strategy: random, budget: 3}
                """));
        return experiment;
    }

    /** The journal of {@code search} in {@code runDir}. */
    static Path journal(Path runDir, String search) {
        return runDir.resolve("searches").resolve(search).resolve(io.evomerge.report.Journal.FILE);
    }

    /** Complete lines in a journal now (0 when it does not exist yet); a line being written is not counted. */
    static int lines(Path journal) {
        try {
            byte[] b = Files.readAllBytes(journal);
            int n = 0;
            for (byte x : b) if (x == '\n') n++;
            return n;
        } catch (IOException e) {
            return 0;
        }
    }
}
