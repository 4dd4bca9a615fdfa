package io.evomerge.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The non-weight files of a Hugging Face model folder that outputs carry along (config and tokenizer). */
public final class SideFiles {
    static final List<String> NAMES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt",
            "sentencepiece.bpe.model", "spiece.model", "tokenizer.model", "added_tokens.json");

    private SideFiles() {
    }

    /** Copies the side files present in {@code sourceFolder} into {@code targetFolder}; returns their names. */
    public static List<String> carry(Path sourceFolder, Path targetFolder) {
        if (sourceFolder == null || !Files.isDirectory(sourceFolder)) return List.of();
        List<String> copied = NAMES.stream().filter(n -> Files.isRegularFile(sourceFolder.resolve(n))).toList();
        for (String n : copied) {
            try {
                AtomicFiles.copy(sourceFolder.resolve(n), targetFolder.resolve(n));
            } catch (IOException e) {
                throw new CheckpointException(targetFolder.resolve(n) + ": cannot copy from " + sourceFolder
                        + " (" + e.getMessage() + ")", e);
            }
        }
        return copied;
    }
}
