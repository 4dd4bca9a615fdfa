package io.evomerge.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evomerge.experiment.ExperimentConfig;
import io.evomerge.experiment.TaskConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GLUE strategy study reuses glue.yaml's population folder. Its task settings are copies, so a drift
 * (say, new epochs in glue.yaml only) would make the study retrain and overwrite the shared models: the
 * settings hashes must match task for task.
 */
class SharedPopulationTest {

    @ParameterizedTest
    @CsvSource({"experiments/glue-strategies.yaml, experiments/glue.yaml"})
    void studyTasksHashLikeTheExperimentThatBuiltThePopulation(String study, String owner) {
        ExperimentConfig studyConfig = ExperimentConfig.read(Path.of(study));
        ExperimentConfig ownerConfig = ExperimentConfig.read(Path.of(owner));
        assertEquals(ownerConfig.population(), studyConfig.population());
        Finetuner studyHashes = new Finetuner(studyConfig, new PrintWriter(new StringWriter()), false);
        Finetuner ownerHashes = new Finetuner(ownerConfig, new PrintWriter(new StringWriter()), false);
        for (TaskConfig task : studyConfig.tasks()) {
            assertEquals(ownerHashes.settingsHash(ownerConfig.task(task.name())), studyHashes.settingsHash(task),
                    study + ": task " + task.name() + " must train like " + owner);
        }
    }
}
