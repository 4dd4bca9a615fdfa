package io.evomerge;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (reference merges and datasets), which the project reads by path and never copies. */
public final class Shared {
    private Shared() {
    }

    public static Path path(String relative) {
        Path root = Path.of(System.getProperty("evomerge.shared", "../shared"));
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " is missing: tests need ../shared beside the clone");
        }
        return p;
    }
}
