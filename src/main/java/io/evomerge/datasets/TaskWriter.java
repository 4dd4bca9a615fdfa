package io.evomerge.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evomerge.data.SplitName;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a task folder: {@code task.json} (read by JsonlReader) and one JSONL file per split. */
final class TaskWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskWriter() {
    }

    static void write(Path dir, String name, List<String> labels, String source, TaskSplits splits)
            throws IOException {
        Files.createDirectories(dir);
        Map<SplitName, List<LabelledText>> files = Map.of(SplitName.TRAIN, splits.train(),
                SplitName.VALIDATION, splits.validation(), SplitName.TEST, splits.test());
        ObjectNode counts = JSON.createObjectNode();
        for (SplitName split : SplitName.values()) {
            List<LabelledText> texts = files.get(split);
            counts.put(split.fileStem(), texts.size());
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(split.fileStem() + ".jsonl"),
                    StandardCharsets.UTF_8)) {
                for (LabelledText text : texts) {
                    ObjectNode line = JSON.createObjectNode().put("text", text.text()).put("label", text.label());
                    out.write(JSON.writeValueAsString(line));
                    out.write('\n');
                }
            }
        }
        ObjectNode task = JSON.createObjectNode().put("name", name).put("kind", "classification");
        labels.forEach(task.putArray("labels")::add);
        task.putArray("metrics").add("accuracy");
        task.put("source", source);
        task.set("counts", counts);
        JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("task.json").toFile(), task);
    }
}
