package io.evomerge.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An ordered collection of named tensors, read lazily: listing tensors or fetching one never reads the others.
 * Implementations memory-map their files; {@link #close()} unmaps them.
 */
public interface Checkpoint extends AutoCloseable {

    /** The file or folder this checkpoint was opened from. */
    Path location();

    /** All tensors in file order (shard by shard for sharded checkpoints). */
    List<TensorInfo> tensors();

    /** The tensor called {@code name}; throws naming the checkpoint when there is none. */
    TensorInfo tensor(String name);

    boolean contains(String name);

    /** The {@code __metadata__} string map (merged over shards). */
    Map<String, String> metadata();

    /**
     * Copies {@code length} elements of tensor {@code name}, starting at element {@code start}, into {@code dst},
     * converted to float32. Non-finite values are refused unless the checkpoint was opened to allow them.
     */
    void readFloats(String name, long start, float[] dst, int dstOffset, int length);

    /** The whole tensor as float32 (at most {@link Integer#MAX_VALUE} - 8 elements; read larger ones in slices). */
    default float[] floats(String name) {
        TensorInfo t = tensor(name);
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(location() + ": tensor " + name + " has " + n
                    + " elements, too many for one array; read it in slices");
        }
        float[] out = new float[(int) n];
        readFloats(name, 0, out, 0, out.length);
        return out;
    }

    /** The tensor's bytes exactly as stored (for integer buffers carried through a merge). */
    byte[] rawBytes(String name);

    @Override
    void close();
}
