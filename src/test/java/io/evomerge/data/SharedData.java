package io.evomerge.data;

import java.nio.file.Path;

/** Where the project's shared data lives: system property {@code evomerge.shared}, else {@code ../shared}. */
final class SharedData {

    private SharedData() {
    }

    static Path cifar10() {
        return Path.of(System.getProperty("evomerge.shared", "../shared"), "datasets", "cifar10");
    }

    static Path glue() {
        return Path.of(System.getProperty("evomerge.shared", "../shared"), "datasets", "glue");
    }
}
