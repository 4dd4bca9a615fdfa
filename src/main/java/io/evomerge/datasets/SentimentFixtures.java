package io.evomerge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * npm {@code sentiment} 5.0.2, {@code test/fixtures/{amazon,imdb,yelp}.json}: arrays of
 * {@code {"text": ..., "class": 0 | 1}} (1,000 labelled review sentences per domain).
 */
final class SentimentFixtures {

    static final List<String> LABELS = List.of("negative", "positive");
    static final List<String> DOMAINS = List.of("amazon", "imdb", "yelp");

    private SentimentFixtures() {
    }

    static List<LabelledText> read(Path packageDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<LabelledText> texts = new ArrayList<>();
        for (String domain : DOMAINS) {
            for (JsonNode item : json.readTree(packageDir.resolve("test/fixtures/" + domain + ".json").toFile())) {
                texts.add(new LabelledText(item.get("text").asText().strip(), LABELS.get(item.get("class").asInt())));
            }
        }
        return texts;
    }
}
