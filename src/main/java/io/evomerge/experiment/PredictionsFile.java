package io.evomerge.experiment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evomerge.EvomergeException;
import io.evomerge.checkpoint.AtomicFiles;
import io.evomerge.eval.Predictions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code predictions.json} in a run folder: every scored row's per-example test predictions, so its metrics and
 * intervals can be recomputed. Each task's gold labels are written once; a row holds one prediction per example in
 * the split's order (class indices as integers; regression scores as the float32 the model produced, exact).
 *
 * <pre>{"split": "test", "tasks": {"cola": {"regression": false, "gold": [1, 0, …]}},
 *  "rows": {"TIES": {"cola": [1, 1, …]}}}</pre>
 */
final class PredictionsFile {
    static final String FILE = "predictions.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionsFile() {
    }

    /** Writes {@code rows} (label → task → predictions; every row over the same examples) atomically. */
    static void write(Path file, Map<String, Map<String, Predictions>> rows) throws IOException {
        Map<String, Predictions> gold = new LinkedHashMap<>();
        rows.values().forEach(row -> row.forEach(gold::putIfAbsent));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("split", "test");
            g.writeObjectFieldStart("tasks");
            for (Map.Entry<String, Predictions> t : gold.entrySet()) {
                g.writeObjectFieldStart(t.getKey());
                g.writeBooleanField("regression", t.getValue().regression());
                g.writeArrayFieldStart("gold");
                for (double v : t.getValue().gold()) {
                    if (t.getValue().regression()) g.writeNumber(v);
                    else g.writeNumber((int) v);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("rows");
            for (Map.Entry<String, Map<String, Predictions>> row : rows.entrySet()) {
                g.writeObjectFieldStart(row.getKey());
                for (Map.Entry<String, Predictions> t : row.getValue().entrySet()) {
                    if (!Arrays.equals(t.getValue().gold(), gold.get(t.getKey()).gold())) {
                        throw new IllegalArgumentException("row '" + row.getKey() + "' scored other " + t.getKey()
                                + " examples than the first row");
                    }
                    g.writeArrayFieldStart(t.getKey());
                    for (double v : t.getValue().predicted()) {
                        if (t.getValue().regression()) g.writeNumber((float) v);
                        else g.writeNumber((int) v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** Reads a file written by {@link #write}: label → task → predictions. */
    static Map<String, Map<String, Predictions>> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EvomergeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Map<String, Map<String, Predictions>> rows = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> r = root.path("rows").fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> row = r.next();
            Map<String, Predictions> tasks = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> t = row.getValue().fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> task = t.next();
                JsonNode spec = root.path("tasks").path(task.getKey());
                boolean regression = spec.path("regression").asBoolean();
                double[] predicted = doubles(task.getValue());
                // a score was written as the shortest decimal of its float32: rounding back to float restores it
                if (regression) for (int i = 0; i < predicted.length; i++) predicted[i] = (float) predicted[i];
                tasks.put(task.getKey(), new Predictions(regression, predicted, doubles(spec.path("gold"))));
            }
            rows.put(row.getKey(), tasks);
        }
        return rows;
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asDouble();
        return out;
    }
}
