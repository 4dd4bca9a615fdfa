package io.evomerge.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.HfFolders;
import io.evomerge.model.NamedTensor;
import io.evomerge.model.Pooling;
import io.evomerge.model.TaskHead;
import io.evomerge.model.TinyBert;
import io.evomerge.population.Population;
import io.evomerge.population.TaskMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A population of random tiny task models (no training) on real GLUE data plus a small Story Cloze file: sst2
 * (classification, mean pooling), stsb (regression, CLS) and story (multiple choice), with its experiment YAML.
 */
public final class TinyPopulation {
    static final String STORIES = """
            InputStoryid,InputSentence1,InputSentence2,InputSentence3,InputSentence4,RandomFifthSentenceQuiz1,RandomFifthSentenceQuiz2,AnswerRightEnding
            a,Tom went out.,It rained.,He got wet.,He went home.,He dried off.,He flew to Mars.,1
            b,Ann baked bread.,It rose well.,She sliced it.,She ate some.,The bread was stone.,It tasted great.,2
            c,"Sam ran, fast.",He won the race.,People cheered.,He smiled.,He got a medal.,He lost badly.,1
            d,Kim read a book.,It was long.,She fell asleep.,She woke up.,She kept reading.,The book ate her.,1
            e,Joe fixed a car.,It was old.,He needed parts.,He bought them.,The car ran again.,He hated cars forever.,1
            """;

    private TinyPopulation() {
    }

    /** Writes the population under {@code dir} and returns the experiment YAML. */
    public static Path create(Path dir) throws Exception {
        Path glue = Path.of(System.getProperty("evomerge.shared", "../shared")).resolve("datasets/glue").toAbsolutePath();
        Path stories = Files.createDirectories(dir.resolve("stories"));
        Files.writeString(stories.resolve("validation.csv"), STORIES);
        Files.writeString(stories.resolve("test.csv"), STORIES);
        Population population = new Population(dir.resolve("population"));
        TinyBert.folder(population.base(), 1);
        Path tokenizer = population.base().resolve("tokenizer.json");
        task(population, "sst2", 11, head(TaskKind.CLASSIFICATION, 2, Pooling.MEAN, PairEncoding.CROSS_ENCODER),
                List.of("negative", "positive"), tokenizer);
        task(population, "stsb", 12, head(TaskKind.REGRESSION, 1, Pooling.CLS, PairEncoding.CROSS_ENCODER), List.of(),
                tokenizer);
        task(population, "story", 13, head(TaskKind.MULTIPLE_CHOICE, 1, Pooling.MEAN, PairEncoding.CROSS_ENCODER),
                List.of(), tokenizer);
        task(population, "rte", 14, head(TaskKind.CLASSIFICATION, 2, Pooling.MEAN, PairEncoding.BI_ENCODER),
                List.of("entailment", "not_entailment"), tokenizer);
        Path yaml = dir.resolve("experiment.yaml");
        Files.writeString(yaml, """
                name: tiny
                seed: 5
                backbone: population/base
                max_length: 64
                population: population
                tasks:
                  - {name: sst2, source: glue, path: %s, glue_task: SST-2, validation_subset: 48}
                  - {name: stsb, source: glue, path: %s, glue_task: STS-B, validation_subset: 40, weight: 3}
                  - {name: story, source: story_cloze, path: stories}
                  - {name: rte, source: glue, path: %s, glue_task: RTE, validation_subset: 40, pair_encoding: bi_encoder}
                evaluation: {batch_size: 8}
                """.formatted(glue, glue, glue));
        return yaml;
    }

    private static HeadConfig head(TaskKind kind, int outputs, Pooling pooling, PairEncoding pairs) {
        return new HeadConfig(kind, outputs, pooling, 0.1f, pairs);
    }

    private static void task(Population population, String name, long seed, HeadConfig head, List<String> labels,
                             Path tokenizer) throws Exception {
        Path dir = population.task(name);
        List<NamedTensor> weights = TinyBert.weights(seed);
        HfFolders.write(dir, TinyBert.CONFIG, weights, tokenizer);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed((int) seed);
            TaskHead taskHead = new TaskHead(head, TinyBert.CONFIG.hiddenSize());
            taskHead.initializeParameters(manager, TinyBert.CONFIG.hiddenSize());
            HfFolders.writeHead(dir, taskHead);
        }
        new TaskMetadata(name, labels, head).write(dir.resolve(Population.TASK_METADATA));
        Files.writeString(dir.resolve(Population.METRICS), "{}");
    }
}
