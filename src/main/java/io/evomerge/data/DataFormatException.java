package io.evomerge.data;

import java.nio.file.Path;

/** A data file that cannot be read: the message names the file, the line and what is wrong. */
public final class DataFormatException extends RuntimeException {

    DataFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    DataFormatException(Path file, long line, String problem, Throwable cause) {
        // one line, whatever the cause's message holds, so that logs and test output stay greppable
        super(file + ":" + line + ": " + problem.replaceAll("\\R", " "), cause);
    }
}
