package io.evomerge.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens a checkpoint from a safetensors file, a Hugging Face folder, or a sharded Hugging Face folder. */
public final class Checkpoints {
    private Checkpoints() {
    }

    public static Checkpoint open(Path fileOrFolder) {
        return open(fileOrFolder, OpenOptions.DEFAULT);
    }

    public static Checkpoint open(Path fileOrFolder, OpenOptions options) {
        if (Files.isRegularFile(fileOrFolder)) {
            return SafetensorsFile.open(fileOrFolder, options);
        }
        if (!Files.isDirectory(fileOrFolder)) {
            throw new CheckpointException(fileOrFolder + ": no such file or folder");
        }
        if (Files.isRegularFile(fileOrFolder.resolve(ShardedCheckpoint.INDEX))) {
            return ShardedCheckpoint.open(fileOrFolder, options);
        }
        Path single = fileOrFolder.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return SafetensorsFile.open(single, options);
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(fileOrFolder)) {
            found = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new CheckpointException(fileOrFolder + ": cannot list folder (" + e.getMessage() + ")", e);
        }
        if (found.size() == 1) {
            return SafetensorsFile.open(found.getFirst(), options);
        }
        throw new CheckpointException(fileOrFolder + ": no model.safetensors or " + ShardedCheckpoint.INDEX
                + (found.isEmpty() ? " and no .safetensors file" : " and " + found.size() + " .safetensors files to choose from")
                + "; point at a file or a Hugging Face model folder");
    }

    /** The folder holding a checkpoint's side files (config.json, tokenizer), or null for a loose file. */
    public static Path folderOf(Path fileOrFolder) {
        return Files.isDirectory(fileOrFolder) ? fileOrFolder : fileOrFolder.toAbsolutePath().getParent();
    }
}
