package io.evomerge.checkpoint;

import java.util.Arrays;

/** Element types of safetensors files, with their byte width. Float types convert to and from float32. */
public enum DType {
    F64(8, true), F32(4, true), F16(2, true), BF16(2, true),
    I64(8, false), I32(4, false), I16(2, false), I8(1, false), U8(1, false), BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    public int bytes() {
        return bytes;
    }

    /** Whether merges treat tensors of this type as weights (integer tensors are buffers and pass through). */
    public boolean isFloating() {
        return floating;
    }

    /** Parses a safetensors dtype name exactly as the format spells it ("F32", "BF16", ...); null when unknown. */
    public static DType parseOrNull(String name) {
        if (name == null) return null;
        for (DType t : values()) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** Parses an output dtype for writing (float types only), naming the valid choices when it fails. */
    public static DType parseOutput(String name, String key) {
        DType t = parseOrNull(name);
        if (t == F32 || t == F16 || t == BF16) return t;
        throw new CheckpointException(key + ": unknown output dtype '" + name + "' (valid: F32, F16, BF16)");
    }

    static String known() {
        return Arrays.toString(values());
    }
}
