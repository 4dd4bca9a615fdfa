package io.evomerge.data;

import io.evomerge.EvomergeException;
import java.nio.file.Path;

/**
 * A data file that cannot be read: the message names the file, the line or record, and what is wrong. A user's
 * bad input, so the CLI prints the one line and exits 2.
 */
public final class DataFormatException extends EvomergeException {

    DataFormatException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    DataFormatException(Path file, long line, String problem, Throwable cause) {
        this(file + ":" + line, problem, cause);
    }

    /** {@code where} names the file (and record, for files of many images). */
    DataFormatException(String where, String problem, Throwable cause) {
        // one line, whatever the cause's message holds, so that logs and test output stay greppable
        super(where + ": " + problem.replaceAll("\\R", " "), cause);
    }
}
