package io.evomerge.checkpoint;

/** How checkpoints are opened. {@code allowNonfinite}: read NaN/Inf values instead of refusing them. */
public record OpenOptions(boolean allowNonfinite) {
    public static final OpenOptions DEFAULT = new OpenOptions(false);
}
