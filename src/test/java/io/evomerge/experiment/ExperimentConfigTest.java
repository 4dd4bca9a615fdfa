package io.evomerge.experiment;

import io.evomerge.population.EvaluationConfig;
import io.evomerge.population.FinetuneConfig;
import io.evomerge.population.TaskConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evomerge.EvomergeException;
import io.evomerge.data.GlueTask;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.Split;
import io.evomerge.data.SplitName;
import io.evomerge.model.BundledModel;
import io.evomerge.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {

    /**
     * Every shipped experiment is valid as a run reads it (config, baselines and searches); the bge variant of the
     * GLUE experiment differs from glue.yaml only in backbone, pooling, name, population folder, CoLA's gradient
     * clipping (bge's CoLA run diverged without it), STS-B's 3 epochs (glue.yaml's 200-step cap is too short for
     * bge) and RTE, which MiniLM trains as a cosine bi-encoder and bge as a cross-encoder (it met its target so).
     */
    @Test
    void everyShippedExperimentIsValid() throws Exception {
        try (var files = Files.list(Path.of("experiments"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                ExperimentConfig c = ExperimentConfig.read(file);
                assertTrue(!c.baselines().isEmpty() || !c.searches().isEmpty(), file + " runs nothing");
            }
        }
        ExperimentConfig minilm = ExperimentConfig.read(Path.of("experiments/glue.yaml"));
        ExperimentConfig bge = ExperimentConfig.read(Path.of("experiments/glue-bge.yaml"));
        assertEquals(BundledModel.BGE_SMALL_EN_V15, bge.backbone().bundled());
        assertEquals(Pooling.CLS, bge.pooling());
        assertEquals(minilm.task("sst2"), bge.task("sst2"));
        assertEquals(minilm.task("mrpc").finetune(), new FinetuneConfig(6, 32, 5.0e-5, 0.06, 0.01, null, 0.1, 1L, null,
                null, null, true));
        assertEquals(new FinetuneConfig(6, 32, 5.0e-5, 0.06, 0.01, null, 0.1, 1L, null, null, null, null),
                bge.task("mrpc").finetune(), "bge's MRPC keeps its last epoch");
        assertEquals(PairEncoding.BI_ENCODER_COSINE, minilm.task("rte").pairEncoding());
        assertEquals(new FinetuneConfig(3, 32, 1.0e-5, 0.06, 0.01, null, 0.1, 1L, 2000, null, null, null),
                minilm.task("rte").finetune());
        assertEquals(PairEncoding.CROSS_ENCODER, bge.task("rte").pairEncoding());
        assertEquals(new FinetuneConfig(3, 32, 5.0e-5, 0.06, 0.01, null, 0.1, 1L, null, null, null, null),
                bge.task("rte").finetune());
        assertEquals(3, bge.task("stsb").finetune().epochs());
        assertEquals(null, bge.task("stsb").finetune().maxSteps());
        TaskConfig cola = minilm.task("cola");
        assertEquals(new TaskConfig(cola.name(), cola.source(), cola.path(), cola.glueTask(), cola.trainSubset(),
                cola.validationSubset(), cola.weight(), new FinetuneConfig(3, 32, 5.0e-5, 0.06, 0.01, null, 0.1, null,
                null, 1.0, null, null), cola.pairEncoding()), bge.task("cola"));
        assertEquals(minilm.baselines(), bge.baselines());
        assertEquals(minilm.searches(), bge.searches());
        assertEquals(minilm.maxLength(), bge.maxLength());
    }

    /** The repository's GLUE experiment parses: paths resolve against experiments/, ~ expands, overrides apply. */
    @Test
    void glueExperimentParsesWithResolvedPathsAndOverrides() {
        ExperimentConfig c = ExperimentConfig.read(Path.of("experiments/glue.yaml"));
        assertEquals("glue-minilm", c.name());
        assertEquals(42, c.seed());
        assertEquals(BundledModel.ALL_MINILM_L6_V2, c.backbone().bundled());
        assertEquals(Pooling.MEAN, c.pooling());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache/evomerge/populations/glue-minilm"),
                c.population().root());
        assertEquals(5, c.tasks().size());
        TaskConfig sst2 = c.task("sst2");
        assertEquals(GlueTask.SST2, sst2.glueTask());
        assertEquals(Path.of("").toAbsolutePath().getParent().resolve("shared/datasets/glue"), sst2.path());
        assertEquals(8000, sst2.trainSubset());
        assertEquals(1, sst2.finetune().epochs());
        assertEquals(32, sst2.finetune().batchSize(), "unset task keys keep the experiment's value");
        assertEquals(1.0e-5, c.task("rte").finetune().learningRate());
        assertEquals(6, c.task("mrpc").finetune().epochs(), "a task's own key overrides the experiment's");
        assertEquals(1L, c.task("mrpc").finetune().seed(), "a task's own fine-tuning seed");
        assertNull(c.task("cola").finetune().seed(), "no task seed: the experiment's");
        assertEquals(100, c.task("rte").validationSubset());
        assertEquals(5, c.baselines().size(), "the shipped merges and searches parse");
        assertEquals(List.of("task-arithmetic-grid", "ties-grid", "pcb-grid", "pcb-es", "cabs-es"),
                c.searches().stream().map(SearchSpec::name).toList());
    }

    @Test
    void defaultsApply(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createSymbolicLink(dir.resolve("data/sentiment"), Path.of("datasets/sentiment").toAbsolutePath());
        ExperimentConfig c = ExperimentConfig.read(write(dir, """
                name: t
                seed: 1
                backbone: bge-small-en-v1.5
                population: pop
                tasks:
                  - {name: s, source: jsonl, path: data/sentiment}
                merges: [{method: ties, parameters: {density: 0.5}}]
                search: [{name: s, method: ties, genes: {weights: [0.5, 2]}}]
                """));
        assertEquals(Pooling.CLS, c.pooling(), "bge defaults to CLS pooling");
        assertEquals("cpu", c.device());
        assertEquals(List.of("cpu"), c.devices(), "device: D is devices: [D]");
        assertEquals(128, c.maxLength());
        assertEquals(FinetuneConfig.DEFAULT, c.tasks().getFirst().finetune());
        assertEquals(EvaluationConfig.DEFAULT, c.evaluation());
        assertEquals(dir.resolve("pop"), c.population().root());
        assertEquals(1.0, c.tasks().getFirst().weight());
        assertNull(c.tasks().getFirst().validationSubset(), "no validation_subset: the whole split");
        assertEquals(List.of(0.5), c.baselines().getFirst().settings().reals("density"));
        SearchSpec search = c.searches().getFirst();
        assertEquals(List.of("TIES+ES", "cmaes", 100L, 1L), List.of(search.label(), search.strategy(), search.budget(),
                search.seed()), "a search's label, strategy, budget and seed default");
    }

    @Test
    void errorsNameTheFileTheKeyPathAndTheValidValues(@TempDir Path dir) throws Exception {
        String base = """
                name: t
                seed: 1
                backbone: all-minilm-l6-v2
                population: pop
                tasks:
                  - {name: a, source: glue, path: ., glue_task: SST-2}
                """;
        assertError(dir, base + "learning_rate: 1\n",
                "learning_rate: unknown key; valid keys: name, seed, backbone, device, devices, backend, max_length, pooling,"
                        + " population, tasks, finetune, evaluation, merges, search, pretrain");
        assertError(dir, base + "finetune: {epochs: 0}\n", "finetune.epochs: must be an integer in [1, 1000], found 0");
        assertError(dir, base + "finetune: {warmup: 1.5}\n", "finetune.warmup: must be a number in [0, 1), found 1.5");
        assertError(dir, base + "device: tpu\n", "device: 'tpu' is not one of cpu, gpu, gpu:N");
        assertError(dir, base + "pooling: max\n", "pooling: 'max' is not one of mean, cls");
        assertError(dir, base.replace("SST-2", "QNLI"), "tasks[0].glue_task: 'QNLI' is not one of CoLA, SST-2, MRPC, RTE, STS-B");
        assertError(dir, base.replace("source: glue", "source: csv"),
                "tasks[0].source: 'csv' is not one of glue, jsonl, story_cloze, cifar10, idx, image_folder");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: SST-2, skip_bad_images: true}"),
                "tasks[0].skip_bad_images: only applies to image tasks (cifar10, idx, image_folder)");
        assertError(dir, base.replace("source: glue, path: ., glue_task: SST-2}",
                        "source: cifar10, path: ., holdout: {validation: 1.5}}"),
                "tasks[0].holdout.validation: must be a number in (0, 1), found 1.5");
        assertError(dir, base.replace("source: glue, path: ., glue_task: SST-2}",
                        "source: image_folder, path: ., holdout: {seed: 1, tests: 0.1}}"),
                "tasks[0].holdout.tests: unknown key; valid keys of tasks[0].holdout: validation, validation_max,"
                        + " test, seed");
        assertError(dir, base.replace("source: glue, path: ., glue_task: SST-2}",
                        "source: idx, path: ., skip_bad_images: true}"),
                "backbone: 'all-minilm-l6-v2' is a text encoder, and the tasks are image tasks; give a CLIP vision"
                        + " folder, or a pretrain: section that builds one");
        assertError(dir, base.replace("path: .", "path: nowhere"), "tasks[0].path: " + dir.resolve("nowhere")
                + " is not a folder");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: SST-2, train_subset: -3}"),
                "tasks[0].train_subset: must be an integer in [1, 2147483647], found -3");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: SST-2, finetune: {lr: 1}}"),
                "tasks[0].finetune.lr: unknown key; valid keys of tasks[0].finetune: epochs, batch_size,"
                        + " learning_rate, warmup, weight_decay, max_steps, dropout");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: SST-2, pair_encoding: bi_encoder}"),
                "tasks[0].pair_encoding: bi_encoder needs sentence pairs, and SST-2 has single sentences;"
                        + " remove the key");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: RTE, pair_encoding: siamese}"),
                "tasks[0].pair_encoding: 'siamese' is not one of cross_encoder, bi_encoder, bi_encoder_cosine");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: RTE, pair_encoding: bi_encoder_cosine}"),
                "tasks[0].pair_encoding: bi_encoder_cosine's head must start from a linear probe;"
                        + " add finetune: {linear_probe_steps: 2000}");
        assertError(dir, base.replace("source: glue, path: ., glue_task: SST-2}",
                        "source: story_cloze, path: ., finetune: {linear_probe_steps: 5}}"),
                "tasks[0].finetune.linear_probe_steps: a linear probe needs one feature vector per example");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: SST-2, finetune: {swap_pairs: true}}"),
                "tasks[0].finetune.swap_pairs: needs sentence pairs, and SST-2 has single sentences; remove it");
        assertError(dir, base.replace("glue_task: SST-2}", "glue_task: MRPC, finetune: {swap_pairs: yes please}}"),
                "tasks[0].finetune.swap_pairs: must be true or false, found 'yes please'");
        assertError(dir, base + "  - {name: a, source: glue, path: ., glue_task: RTE}\n",
                "tasks[1].name: task 'a' is listed twice");
        assertError(dir, base.replace("backbone: all-minilm-l6-v2", "backbone: minilm"),
                "backbone: 'minilm' is neither a bundled model (all-minilm-l6-v2 | bge-small-en-v1.5) nor a Hugging Face folder");
        assertError(dir, base.replace("seed: 1\n", ""), "seed: is required");
        assertError(dir, "name: [1\n", "invalid YAML");
    }

    /** Subsets are the first N of a seeded shuffle: deterministic, distinct examples, and seed-dependent. */
    @Test
    void subsetsAreSeededSamples() {
        TaskConfig rte = ExperimentConfig.read(Path.of("experiments/glue.yaml")).task("rte");
        TaskConfig limited = new TaskConfig("rte", rte.source(), rte.path(), rte.glueTask(), 100, 50, 1, rte.finetune(),
                rte.pairEncoding());
        Split a = limited.read(SplitName.TRAIN, 42);
        assertEquals(100, a.size());
        assertEquals(a.examples(), limited.read(SplitName.TRAIN, 42).examples());
        assertEquals(100, new HashSet<>(a.examples()).size());
        assertTrue(!a.examples().equals(limited.read(SplitName.TRAIN, 43).examples()));
        assertEquals(50, limited.read(SplitName.VALIDATION, 42).size());
        assertEquals(277, limited.read(SplitName.TEST, 42).size(), "test is never subset");
    }

    private static void assertError(Path dir, String yaml, String expected) throws Exception {
        Path file = write(dir, yaml);
        String message = assertThrows(EvomergeException.class, () -> ExperimentConfig.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": ") && message.contains(expected), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    private static Path write(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("e.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
