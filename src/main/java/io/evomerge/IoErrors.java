package io.evomerge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Turns an I/O failure into the one-line error a user can act on: the file and the operating system's reason
 * ("No space left on device", "Permission denied"), never an exception class name.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The OS's reason for {@code e}, without the file name that {@link FileSystemException} puts in front. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /** "FILE: cannot ACTION (REASON)", e.g. "results/x/summary.json: cannot write (No space left on device)". */
    public static EvomergeException of(Path file, String action, IOException e) {
        return new EvomergeException(file + ": cannot " + action + " (" + reason(e) + ")", e);
    }

    /** The same for an {@link UncheckedIOException} that surfaced from a callback. */
    public static EvomergeException of(Path file, String action, UncheckedIOException e) {
        return of(file, action, e.getCause());
    }
}
