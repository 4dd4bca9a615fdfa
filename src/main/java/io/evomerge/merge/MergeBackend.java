package io.evomerge.merge;

import io.evomerge.EvomergeException;

import java.util.Locale;

/**
 * Where merges run: {@code java}, the kernels on {@code float[]} (the reference), or {@code device}, the same maths
 * on DJL NDArrays on a chosen device ({@code merge.device}). The device backend runs the methods whose registry entry
 * declares a device kernel.
 */
public enum MergeBackend {
    JAVA, DEVICE;

    /** The name as configs and the command line write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code java} or {@code device}; anything else is a one-line error naming {@code key}. */
    public static MergeBackend parse(String value, String key) {
        for (MergeBackend b : values()) if (b.key().equals(value)) return b;
        throw new EvomergeException(key + ": '" + value + "' is not one of java, device");
    }
}
