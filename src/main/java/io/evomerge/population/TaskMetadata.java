package io.evomerge.population;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import io.evomerge.model.HeadConfig;
import io.evomerge.model.Pooling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fine-tuned task's {@code task.json}: which task, and the head's kind, outputs, pooling, dropout and pair encoding
 * (absent in files written before bi-encoder heads existed: cross-encoder).
 */
public record TaskMetadata(String task, List<String> labels, HeadConfig head) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TaskMetadata {
        labels = List.copyOf(labels);
    }

    public void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task);
        root.put("kind", head.kind().name().toLowerCase(Locale.ROOT));
        labels.forEach(root.putArray("labels")::add);
        root.put("outputs", head.outputs());
        root.put("pooling", head.pooling().key());
        root.put("dropout", head.dropout());
        root.put("pair_encoding", head.pairs().key());
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public static TaskMetadata read(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<String> labels = new ArrayList<>();
            root.path("labels").forEach(l -> labels.add(l.asText()));
            Pooling pooling = Pooling.parseOrNull(root.path("pooling").asText());
            if (pooling == null) {
                throw new IllegalArgumentException("pooling '" + root.path("pooling").asText()
                        + "' is not one of mean, cls, pooler");
            }
            String pairsKey = root.path("pair_encoding").asText(PairEncoding.CROSS_ENCODER.key());
            PairEncoding pairs = PairEncoding.parseOrNull(pairsKey);
            if (pairs == null) {
                throw new IllegalArgumentException("pair_encoding '" + pairsKey + "' is not one of "
                        + PairEncoding.keys());
            }
            HeadConfig head = new HeadConfig(TaskKind.valueOf(root.path("kind").asText().toUpperCase(Locale.ROOT)),
                    root.path("outputs").asInt(), pooling, (float) root.path("dropout").asDouble(), pairs);
            return new TaskMetadata(root.path("task").asText(), labels, head);
        } catch (IOException | IllegalArgumentException e) {
            throw new EvomergeException(file + ": not a task model description (" + e.getMessage()
                    + "); re-run evomerge finetune for this task", e);
        }
    }
}
