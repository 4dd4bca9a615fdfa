package io.evomerge.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file, memory-mapped: the header is parsed and validated on open, tensor bytes are read only when
 * asked for. Files larger than 2 GB work (the mapping is a {@link MemorySegment}).
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of JSON ({@code name -> {dtype, shape, data_offsets}}
 * plus an optional {@code __metadata__} string map), then the data; offsets are relative to the end of the header.
 */
public final class SafetensorsFile implements Checkpoint {
    /** The format's own limit on header size; a larger length field means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> byName;
    private final Map<String, String> metadata;
    private final OpenOptions options;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, List<TensorInfo> tensors,
                            Map<String, String> metadata, OpenOptions options) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.tensors = List.copyOf(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.options = options;
        Map<String, TensorInfo> map = new LinkedHashMap<>();
        for (TensorInfo t : tensors) map.put(t.name(), t);
        this.byName = map;
    }

    public static SafetensorsFile open(Path path) {
        return open(path, OpenOptions.DEFAULT);
    }

    public static SafetensorsFile open(Path path, OpenOptions options) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw fail(path, "truncated: " + size + " bytes, shorter than the 8-byte header length");
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = all.get(I64, 0);
            checkHeaderLength(path, headerLength, size);
            byte[] header = all.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<TensorInfo> tensors = parseHeader(path, header, dataStart, size - dataStart, metadata);
            return new SafetensorsFile(path, arena, all, tensors, metadata, options);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new CheckpointException(path + ": no such file");
        } catch (IOException e) {
            arena.close();
            throw new CheckpointException(path + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void checkHeaderLength(Path path, long headerLength, long size) {
        if (headerLength == 0) {
            throw fail(path, "header length is 0: a safetensors file has a JSON header of at least 2 bytes ('{}')");
        }
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw fail(path, "header length " + Long.toUnsignedString(headerLength)
                    + " is beyond the format's 100 MB limit: the file is not safetensors");
        }
        if (headerLength > size - 8) {
            throw fail(path, "header length " + headerLength + " is past the end of the file (" + size
                    + " bytes): the file is truncated or not safetensors");
        }
        if (headerLength < 2) {
            throw fail(path, "header length " + headerLength + " is too short for a JSON object (at least 2 bytes, '{}')");
        }
    }

    private static List<TensorInfo> parseHeader(Path path, byte[] header, long dataStart, long dataSize,
                                                Map<String, String> metadata) {
        checkHeaderStart(path, header);
        JsonNode root;
        long end;
        try (JsonParser parser = JSON.createParser(header)) {
            root = JSON.readTree(parser);
            end = parser.currentLocation().getByteOffset();
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(start marker.*", "");
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw fail(path, "invalid JSON header" + (at >= 0 ? " at byte " + (8 + at) : "") + " (" + what + ")");
        } catch (IOException e) {
            throw fail(path, "invalid JSON header (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail(path, "header is not a JSON object");
        }
        for (long i = end; i < header.length; i++) {
            if (header[(int) i] != ' ') {
                throw fail(path, "text after the header's JSON object at byte " + (8 + i)
                        + " (only spaces may pad the header)");
            }
        }
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                tensors.add(parseTensor(path, e.getKey(), e.getValue(), dataStart, dataSize));
            }
        }
        checkLayout(path, tensors, dataStart, dataSize);
        return tensors;
    }

    /** The format's first rule: the header's first byte is '{' (no byte-order mark, no leading whitespace). */
    private static void checkHeaderStart(Path path, byte[] header) {
        int first = header[0] & 0xFF;
        if (first == '{') return;
        if (first == 0xEF && header.length >= 3 && (header[1] & 0xFF) == 0xBB && (header[2] & 0xFF) == 0xBF) {
            throw fail(path, "header starts with a UTF-8 byte-order mark; it must start with '{'");
        }
        if (first == ' ' || first == '\t' || first == '\n' || first == '\r') {
            throw fail(path, "header starts with whitespace; it must start with '{'");
        }
        throw fail(path, "header is not a JSON object: it starts with " + (first >= 0x21 && first < 0x7F
                ? "'" + (char) first + "'" : String.format("byte 0x%02X", first)) + ", not '{'");
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) throw fail(path, "__metadata__ is not a JSON object of strings");
        node.properties().forEach(m -> {
            if (!m.getValue().isTextual()) {
                throw fail(path, "__metadata__ entry '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().asText());
        });
    }

    private static TensorInfo parseTensor(Path path, String name, JsonNode node, long dataStart, long dataSize) {
        if (!node.isObject()) throw fail(path, "tensor " + name + ": entry is not a JSON object");
        JsonNode dtypeNode = node.get("dtype");
        DType dtype = DType.parseOrNull(dtypeNode == null || !dtypeNode.isTextual() ? null : dtypeNode.asText());
        if (dtype == null) {
            throw fail(path, "tensor " + name + ": unknown dtype " + dtypeNode + " (known: " + DType.known()
                    + ", spelled exactly so)");
        }
        long[] shape = longArray(path, name, "shape", node.get("shape"), -1);
        long[] offsets = longArray(path, name, "data_offsets", node.get("data_offsets"), 2);
        if (offsets[0] > offsets[1]) {
            throw fail(path, "tensor " + name + ": data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] are reversed (the begin is after the end)");
        }
        if (offsets[1] > dataSize) {
            throw fail(path, "tensor " + name + ": data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] out of range of the " + dataSize + "-byte data section (truncated file?)");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorInfo.numel(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw fail(path, "tensor " + name + ": shape overflows");
        }
        long actual = offsets[1] - offsets[0];
        if (actual != expected) {
            throw fail(path, "tensor " + name + ": " + actual + " bytes but " + dtype + " x " + java.util.Arrays.toString(shape)
                    + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, path.toString(), dataStart + offsets[0], actual);
    }

    private static long[] longArray(Path path, String name, String key, JsonNode node, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw fail(path, "tensor " + name + ": '" + key + "' must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw fail(path, "tensor " + name + ": '" + key + "' entry " + v + " is not an integer");
            }
            if (v.asLong() < 0) {
                throw fail(path, "tensor " + name + ": '" + key + "' has a negative entry " + v);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /**
     * The tensors, ordered by offset, tile the data section exactly: the first begins at 0, each begins where the
     * previous ends, and the last ends where the file ends. A header length that is a few bytes off, a gap, an
     * overlap or trailing bytes all break the tiling.
     */
    private static void checkLayout(Path path, List<TensorInfo> tensors, long dataStart, long dataSize) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::offset).thenComparingLong(TensorInfo::byteSize));
        long expected = 0;
        TensorInfo prev = null;
        for (TensorInfo cur : sorted) {
            long begin = cur.offset() - dataStart;
            if (begin < expected) {
                throw fail(path, "tensors " + prev.name() + " and " + cur.name() + " overlap in the data section");
            }
            if (begin > expected) {
                throw fail(path, "tensor " + cur.name() + ": data_offsets begin at " + begin + " but "
                        + (prev == null ? "the data section starts at 0" : "tensor " + prev.name() + " ends at " + expected)
                        + ": " + (begin - expected) + " bytes belong to no tensor (offsets must be contiguous)");
            }
            expected = begin + cur.byteSize();
            prev = cur;
        }
        if (expected != dataSize) {
            throw fail(path, "the data section is " + dataSize + " bytes but "
                    + (prev == null ? "the header lists no tensor" : "the last tensor (" + prev.name() + ") ends at " + expected)
                    + ": " + (dataSize - expected) + " bytes belong to no tensor (wrong header length, or bytes appended)");
        }
    }

    private static CheckpointException fail(Path path, String what) {
        return new CheckpointException(path + ": " + what);
    }

    @Override
    public Path location() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public TensorInfo tensor(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) throw fail(path, "no tensor named " + name);
        return t;
    }

    @Override
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void readFloats(String name, long start, float[] dst, int dstOffset, int length) {
        TensorInfo t = tensor(name);
        if (start < 0 || length < 0 || start + length > t.numel()) {
            throw new IndexOutOfBoundsException(name + ": elements [" + start + ", " + (start + length)
                    + ") outside " + t.numel());
        }
        long at = t.offset() + start * t.dtype().bytes();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(data, F32, at, dst, dstOffset, length);
            case F64 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = (float) data.get(F64, at + 8L * i); }
            case F16 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = Floats.f16ToFloat(data.get(I16, at + 2L * i)); }
            case BF16 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = Floats.bf16ToFloat(data.get(I16, at + 2L * i)); }
            case I64 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = data.get(I64, at + 8L * i); }
            case I32 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = data.get(I32, at + 4L * i); }
            case I16 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = data.get(I16, at + 2L * i); }
            case I8, BOOL -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = data.get(ValueLayout.JAVA_BYTE, at + i); }
            case U8 -> { for (int i = 0; i < length; i++) dst[dstOffset + i] = data.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF; }
        }
        if (!options.allowNonfinite()) {
            for (int i = 0; i < length; i++) {
                if (!Float.isFinite(dst[dstOffset + i])) {
                    throw fail(path, "tensor " + name + " has a non-finite value (" + dst[dstOffset + i]
                            + ") at element " + (start + i) + "; pass --allow-nonfinite to read it anyway");
                }
            }
        }
    }

    @Override
    public byte[] rawBytes(String name) {
        TensorInfo t = tensor(name);
        return data.asSlice(t.offset(), t.byteSize()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
