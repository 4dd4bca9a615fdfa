package io.evomerge.data;

import java.util.Locale;

/** The three splits every task has; {@link #fileStem()} is the file name without extension. */
public enum SplitName {
    TRAIN,
    VALIDATION,
    TEST;

    public String fileStem() {
        return name().toLowerCase(Locale.ROOT);
    }
}
