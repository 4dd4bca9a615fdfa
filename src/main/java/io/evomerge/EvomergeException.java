package io.evomerge;

/**
 * A user-facing failure: bad input, an invalid config, a missing file. Its message is one line that names the
 * file or key at fault and how to fix it; the CLI prints just that line (the stack trace only with {@code --verbose}).
 */
public class EvomergeException extends RuntimeException {
    public EvomergeException(String message) {
        super(message);
    }

    public EvomergeException(String message, Throwable cause) {
        super(message, cause);
    }
}
