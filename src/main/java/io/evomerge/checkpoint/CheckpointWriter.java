package io.evomerge.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint tensor by tensor, atomically: every file is written under a temporary name and renamed into
 * place only by {@link #commit()}; closing without committing deletes the temporaries. The target is one
 * {@code .safetensors} file, or a Hugging Face folder ({@code model.safetensors}, or shards plus
 * {@code model.safetensors.index.json} when the data exceeds the shard size).
 *
 * <p>Tensors may be written in any order and in slices; float data is converted to the spec's dtype
 * (F16/BF16 round to nearest even).
 */
public final class CheckpointWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_ELEMENTS = 1 << 18;

    private final Path target;
    private final boolean folder;
    private final List<Shard> shards = new ArrayList<>();
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
    private boolean committed;

    private record Shard(String fileName, Path temp, FileChannel channel, List<Slot> slots) {
    }

    private static final class Slot {
        final TensorSpec spec;
        final Shard shard;
        final long position;
        long written;

        Slot(TensorSpec spec, Shard shard, long position) {
            this.spec = spec;
            this.shard = shard;
            this.position = position;
        }
    }

    private CheckpointWriter(Path target, boolean folder) {
        this.target = target;
        this.folder = folder;
    }

    /**
     * Starts writing {@code specs} to {@code target}: a path ending in {@code .safetensors} is one file, anything else
     * a folder (created when missing).
     */
    public static CheckpointWriter create(Path target, List<TensorSpec> specs, WriteOptions options) {
        boolean folder = !target.getFileName().toString().endsWith(".safetensors");
        CheckpointWriter w = new CheckpointWriter(target, folder);
        try {
            Path dir = folder ? target : target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            List<List<TensorSpec>> groups = folder && options.shardSize() > 0
                    ? split(specs, options.shardSize()) : List.of(specs);
            for (int i = 0; i < groups.size(); i++) {
                String name = !folder ? target.getFileName().toString()
                        : groups.size() == 1 ? "model.safetensors"
                        : String.format("model-%05d-of-%05d.safetensors", i + 1, groups.size());
                w.openShard(dir, name, groups.get(i), options.metadata());
            }
        } catch (IOException e) {
            w.close();
            throw new CheckpointException(target + ": cannot write (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    private static List<List<TensorSpec>> split(List<TensorSpec> specs, long shardSize) {
        List<List<TensorSpec>> groups = new ArrayList<>();
        List<TensorSpec> current = new ArrayList<>();
        long bytes = 0;
        for (TensorSpec s : specs) {
            if (!current.isEmpty() && bytes + s.byteSize() > shardSize) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(s);
            bytes += s.byteSize();
        }
        groups.add(current);
        return groups;
    }

    private void openShard(Path dir, String fileName, List<TensorSpec> specs, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorSpec s : specs) {
            if (slots.containsKey(s.name())) {
                throw new CheckpointException(target + ": tensor " + s.name() + " is listed twice");
            }
            ObjectNode t = header.putObject(s.name());
            t.put("dtype", s.dtype().name());
            var shape = t.putArray("shape");
            for (long d : s.shape()) shape.add(d);
            var offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + s.byteSize());
            offset += s.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        Path temp = Files.createTempFile(dir, "." + fileName + ".", ".tmp");
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Shard shard = new Shard(fileName, temp, ch, new ArrayList<>());
        shards.add(shard);
        while (head.hasRemaining()) ch.write(head);
        long dataStart = 8L + padded;
        long pos = dataStart;
        for (TensorSpec s : specs) {
            Slot slot = new Slot(s, shard, pos);
            slots.put(s.name(), slot);
            shard.slots.add(slot);
            pos += s.byteSize();
        }
    }

    /** The specs in the order they are stored. */
    public List<TensorSpec> specs() {
        return slots.values().stream().map(s -> s.spec).toList();
    }

    /** Writes a whole float tensor. */
    public void write(String name, float[] values) {
        Slot slot = slot(name);
        if (values.length != slot.spec.numel()) {
            throw new CheckpointException(target + ": tensor " + name + " has " + slot.spec.numel()
                    + " elements, got " + values.length);
        }
        write(name, 0, values, 0, values.length);
    }

    /** Writes elements [start, start + length) of a float tensor from {@code src[offset..]}. */
    public synchronized void write(String name, long start, float[] src, int offset, int length) {
        Slot slot = slot(name);
        DType t = slot.spec.dtype();
        if (start < 0 || start + length > slot.spec.numel()) {
            throw new CheckpointException(target + ": tensor " + name + ": slice [" + start + ", " + (start + length)
                    + ") outside its " + slot.spec.numel() + " elements");
        }
        try {
            long pos = slot.position + start * t.bytes();
            for (int done = 0; done < length; ) {
                int n = Math.min(CHUNK_ELEMENTS, length - done);
                buffer.clear();
                encode(t, src, offset + done, n);
                buffer.flip();
                while (buffer.hasRemaining()) pos += slot.shard.channel.write(buffer, pos);
                done += n;
            }
            slot.written += length;
        } catch (IOException e) {
            throw new CheckpointException(target + ": cannot write tensor " + name + " (" + e.getMessage() + ")", e);
        }
    }

    private void encode(DType t, float[] src, int from, int n) {
        switch (t) {
            case F32 -> buffer.asFloatBuffer().put(src, from, n);
            case F64 -> { for (int i = 0; i < n; i++) buffer.putDouble(src[from + i]); }
            case F16 -> { for (int i = 0; i < n; i++) buffer.putShort(Floats.floatToF16(src[from + i])); }
            case BF16 -> { for (int i = 0; i < n; i++) buffer.putShort(Floats.floatToBf16(src[from + i])); }
            default -> throw new CheckpointException(target + ": float data cannot be stored as " + t
                    + "; copy integer tensors with writeRaw");
        }
        if (t == DType.F32) buffer.position(n * 4);
    }

    /** Writes a tensor's stored bytes as they are (integer buffers, or tensors copied without conversion). */
    public synchronized void writeRaw(String name, byte[] bytes) {
        Slot slot = slot(name);
        if (bytes.length != slot.spec.byteSize()) {
            throw new CheckpointException(target + ": tensor " + name + " needs " + slot.spec.byteSize()
                    + " bytes, got " + bytes.length);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long pos = slot.position;
            while (b.hasRemaining()) pos += slot.shard.channel.write(b, pos);
            slot.written = slot.spec.numel();
        } catch (IOException e) {
            throw new CheckpointException(target + ": cannot write tensor " + name + " (" + e.getMessage() + ")", e);
        }
    }

    private Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) throw new CheckpointException(target + ": tensor " + name + " is not in this checkpoint's plan");
        if (committed) throw new IllegalStateException(target + " is already committed");
        return s;
    }

    /** Checks every tensor was written, syncs, then renames the files into place (the index last). */
    public void commit() {
        for (Slot s : slots.values()) {
            if (s.written != s.spec.numel()) {
                throw new CheckpointException(target + ": tensor " + s.spec.name() + " was not fully written ("
                        + s.written + " of " + s.spec.numel() + " elements)");
            }
        }
        Path dir = folder ? target : target.toAbsolutePath().getParent();
        try {
            for (Shard s : shards) {
                s.channel.force(true);
                s.channel.close();
            }
            for (Shard s : shards) {
                Files.move(s.temp, dir.resolve(s.fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            if (folder) {
                if (shards.size() > 1) {
                    writeIndex(dir);
                    Files.deleteIfExists(dir.resolve("model.safetensors"));
                } else {
                    // A stale index would make readers ignore the new single file.
                    Files.deleteIfExists(dir.resolve(ShardedCheckpoint.INDEX));
                }
            }
            committed = true;
        } catch (IOException e) {
            throw new CheckpointException(target + ": cannot finish writing (" + e.getMessage() + ")", e);
        }
    }

    private void writeIndex(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        long total = slots.values().stream().mapToLong(s -> s.spec.byteSize()).sum();
        root.putObject("metadata").put("total_size", total);
        ObjectNode map = root.putObject("weight_map");
        for (Slot s : slots.values()) map.put(s.spec.name(), s.shard.fileName);
        AtomicFiles.write(dir.resolve(ShardedCheckpoint.INDEX),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (committed) return;
        for (Shard s : shards) {
            try {
                s.channel.close();
                Files.deleteIfExists(s.temp);
            } catch (IOException ignored) {
                // best effort: the temporary has a hidden name and never shadows a real output
            }
        }
    }
}
