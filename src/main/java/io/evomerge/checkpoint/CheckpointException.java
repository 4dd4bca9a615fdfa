package io.evomerge.checkpoint;

import io.evomerge.EvomergeException;

/** A checkpoint that cannot be read or written as asked; the message names the file and, where known, the tensor. */
public final class CheckpointException extends EvomergeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
