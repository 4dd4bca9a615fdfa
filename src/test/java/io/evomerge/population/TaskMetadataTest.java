package io.evomerge.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evomerge.EvomergeException;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskMetadataTest {

    @Test
    void roundTripsTheHeadIncludingItsPairEncoding(@TempDir Path dir) {
        TaskMetadata metadata = new TaskMetadata("rte", List.of("entailment", "not_entailment"),
                new HeadConfig(TaskKind.CLASSIFICATION, 2, Pooling.MEAN, 0.1f, PairEncoding.BI_ENCODER));
        metadata.write(dir.resolve("task.json"));
        assertEquals(metadata, TaskMetadata.read(dir.resolve("task.json")));
    }

    /** Task folders written before bi-encoder heads existed have no pair_encoding: they are cross-encoders. */
    @Test
    void anOlderFileWithoutPairEncodingIsACrossEncoder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("task.json");
        Files.writeString(file, """
                {"task": "mrpc", "kind": "classification", "labels": ["not_equivalent", "equivalent"],
                 "outputs": 2, "pooling": "mean", "dropout": 0.1}
                """);
        assertEquals(PairEncoding.CROSS_ENCODER, TaskMetadata.read(file).head().pairs());
        Files.writeString(file, Files.readString(file).replace("\"dropout\"", "\"pair_encoding\": \"x\", \"dropout\""));
        String message = assertThrows(EvomergeException.class, () -> TaskMetadata.read(file)).getMessage();
        assertTrue(message.contains("pair_encoding 'x' is not one of cross_encoder, bi_encoder"), message);
    }
}
