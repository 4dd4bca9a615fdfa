package io.evomerge.data;

import java.nio.file.Path;

/** A data file that cannot be read: the message names the file, the line and what is wrong. */
public final class DataFormatException extends RuntimeException {

    DataFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    DataFormatException(Path file, long line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
    }
}
