package io.evomerge.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small random BERT over all-MiniLM's vocabulary, so real tokenizers and data can drive it in fast tests. */
public final class TinyBert {
    public static final BertConfig CONFIG = new BertConfig("bert", 30522, 32, 2, 4, 64, 130, 2, 1e-12, "gelu", 0);

    private TinyBert() {
    }

    /** Seeded random weights in HF layout (LayerNorm weights near 1, so activations stay well scaled). */
    public static List<NamedTensor> weights(long seed) {
        Random random = new Random(seed);
        List<NamedTensor> out = new ArrayList<>();
        for (ParameterShape s : new BertEncoder(CONFIG).parameterShapes()) {
            float[] data = new float[s.elementCount()];
            boolean gamma = s.name().endsWith("LayerNorm.weight");
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (gamma ? 1 + 0.1 * random.nextGaussian() : 0.05 * random.nextGaussian());
            }
            out.add(new NamedTensor(s.name(), s.shape(), data));
        }
        return out;
    }

    /** all-MiniLM-L6-v2's tokenizer.json (from the test-scoped langchain4j jar) copied into {@code dir}. */
    public static Path tokenizer(Path dir) throws IOException {
        Path target = dir.resolve("tokenizer.json");
        try (InputStream in = TinyBert.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            if (in == null) {
                throw new IOException("all-minilm-l6-v2-tokenizer.json is not on the test classpath");
            }
            Files.createDirectories(dir);
            Files.copy(in, target);
        }
        return target;
    }

    /** Writes a BertModel folder with random weights and the MiniLM tokenizer; returns the folder. */
    public static Path folder(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Path tokenizer = tokenizer(Files.createTempDirectory(dir, "tok"));
        HfFolders.write(dir, CONFIG, weights(seed), tokenizer);
        Files.delete(tokenizer);
        Files.delete(tokenizer.getParent());
        return dir;
    }
}
