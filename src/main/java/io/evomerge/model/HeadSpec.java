package io.evomerge.model;

import io.evomerge.EvomergeException;
import java.nio.file.Path;

/**
 * A frozen head as a task declares it: its {@link HeadKind}, the file it is read from and the name inside that file
 * (the prompts file's dataset entry, the safetensors tensor), plus where it was written ({@code yaml} and the key
 * path of the {@code head} mapping) so that problems found when it is built name the key as written.
 */
public record HeadSpec(HeadKind kind, Path file, String name, Path yaml, String keyPath) {

    /** An error about the head's key {@code key} ("tensor", "dataset", ...). */
    public EvomergeException error(String key, String problem) {
        return new EvomergeException(yaml + ": " + keyPath + "." + key + ": " + problem);
    }
}
