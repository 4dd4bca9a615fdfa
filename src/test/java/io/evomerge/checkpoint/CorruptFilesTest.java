package io.evomerge.checkpoint;

import io.evomerge.Shared;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptFilesTest {
    @TempDir
    Path dir;

    /** Builds a safetensors file by hand from a header string and data bytes. */
    private Path file(String header, byte[] data) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = Files.createTempFile(dir, "case", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String error(Path p) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (Checkpoint c = Checkpoints.open(p)) {
                for (TensorInfo t : c.tensors()) c.floats(t.name());
            }
        });
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private void assertError(Path p, String fragment) {
        String msg = error(p);
        assertTrue(msg.contains(fragment), "expected '" + fragment + "' in: " + msg);
    }

    @Test
    void eachKindOfDamageGetsItsOwnMessage() throws Exception {
        byte[] eight = new byte[8];
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4]), "out of range");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", eight), "invalid JSON");
        assertError(file("{\"a\":{\"dtype\":\"F31\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "unknown dtype");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight), "needs 12");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", eight), "overlap");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), "Duplicate field 'a'");
        assertError(file("[1,2]", eight), "not a JSON object");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", eight), "negative");
        Path shortFile = dir.resolve("short.safetensors");
        Files.write(shortFile, new byte[]{1, 2, 3});
        assertError(shortFile, "truncated");
    }

    /** What the format allows only one way: each other way is refused in the file's own terms. */
    @Test
    void strictLayoutAndHeaderRules() throws Exception {
        byte[] eight = new byte[8];
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertError(file("{" + a + "}", new byte[12]), "the data section is 12 bytes but the last tensor (a) ends at 8: 4 bytes");
        assertError(file("{}", new byte[3]), "the header lists no tensor: 3 bytes");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,8]}}", eight), "4 bytes belong to no tensor");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight),
                "the data section starts at 0");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", eight), "are reversed");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0.0,8]}}", eight), "0.0 is not an integer");
        assertError(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", eight), "2.0 is not an integer");
        assertError(file("{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "unknown dtype \"f32\"");
        assertError(file("\uFEFF{" + a + "}", eight), "byte-order mark");
        assertError(file(" {" + a + "}", eight), "starts with whitespace");
        assertError(file("\n{" + a + "}", eight), "starts with whitespace");
        assertError(file("{" + a + "}x", eight), "text after the header's JSON object at byte");
        assertError(file("{" + a + "}  {}", eight), "text after the header's JSON object at byte");
        assertError(file("{" + a + "}\n", eight), "text after the header's JSON object");
        assertError(file("", eight), "header length is 0");
        try (Checkpoint c = Checkpoints.open(file("{" + a + "}      ", eight))) {
            assertEquals(2, c.floats("a").length, "space padding is the format's own");
        }
    }

    /** The repro of a silent misread: a header length 4 bytes short made every weight one element off. */
    @Test
    void aHeaderLengthFourBytesShortIsRefused() throws Exception {
        byte[] m = Files.readAllBytes(Shared.path("reference/pcb/task_0.safetensors"));
        ByteBuffer length = ByteBuffer.wrap(m, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        length.putLong(0, length.getLong(0) - 4);
        Path p = dir.resolve("shifted.safetensors");
        Files.write(p, m);
        assertError(p, "4 bytes belong to no tensor");
    }

    @Test
    void nonFiniteValuesAreRefusedUnlessAllowed() throws Exception {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(Float.NaN).array();
        Path p = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data);
        String msg = error(p);
        assertTrue(msg.contains("tensor w") && msg.contains("--allow-nonfinite"), msg);
        try (Checkpoint c = Checkpoints.open(p, new OpenOptions(true))) {
            assertTrue(Float.isNaN(c.floats("w")[1]));
        }
    }

    @Test
    void layoutMismatchNamesTheFirstDifferences() {
        try (Checkpoint a = Checkpoints.open(Shared.path("reference/pcb/base.safetensors"));
             Checkpoint b = Checkpoints.open(Shared.path("reference/clip_vision_tiny/model.safetensors"))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> TaskVector.of(a, b));
            assertTrue(e.getMessage().contains("missing embeddings.word_embeddings.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("46 tensor(s) differ"), e.getMessage());
        }
    }

    /**
     * A thousand mutations of a real file (truncations, flipped bytes, huge or slightly wrong header lengths, bytes
     * appended, the header's spelling changed): each either fails with the one-line error naming the file, or, when
     * the damage left a valid file, reads faithfully: the same layout as the original (every tensor at its place),
     * and every tensor the damage did not touch equal to the original's.
     */
    @Test
    @Tag("slow")
    void thousandMutationsEndInACleanErrorOrAFaithfulRead() throws Exception {
        Path source = Shared.path("reference/pcb/task_1.safetensors");
        byte[] original = Files.readAllBytes(source);
        long headerLength = ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long headerEnd = 8 + headerLength;
        String header = new String(original, 8, (int) headerLength, StandardCharsets.UTF_8);
        List<float[]> originalValues;
        List<TensorInfo> originalInfos;
        try (Checkpoint c = Checkpoints.open(source)) {
            originalInfos = c.tensors();
            originalValues = originalInfos.stream().map(t -> c.floats(t.name())).toList();
        }
        Random random = new Random(42);
        Path p = dir.resolve("mutant.safetensors");
        int errors = 0, reads = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] m = original.clone();
            int kind = i % 6;
            int at = -1;
            switch (kind) {
                case 0 -> m = Arrays.copyOf(m, random.nextInt(m.length)); // truncation
                case 1 -> { // a flipped bit in the header
                    at = 8 + random.nextInt((int) headerEnd - 8);
                    m[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 2 -> { // a flipped byte anywhere
                    at = random.nextInt(m.length);
                    m[at] ^= (byte) (1 + random.nextInt(255));
                }
                case 3 -> { // a huge or random header length
                    long len = random.nextBoolean() ? random.nextLong() : original.length + random.nextInt(1 << 20);
                    ByteBuffer.wrap(m, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(len);
                }
                case 4 -> { // a header length a few bytes off (the data then starts early or late)
                    int delta = (1 + random.nextInt(16)) * (random.nextBoolean() ? 1 : -1);
                    ByteBuffer.wrap(m, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength + delta);
                }
                default -> m = respelled(header, original, (int) headerEnd, random); // the header's text reworded
            }
            Files.write(p, m);
            try (Checkpoint c = Checkpoints.open(p)) {
                List<TensorInfo> infos = c.tensors();
                assertEquals(originalInfos.size(), infos.size(), "mutation " + i + " read a different tensor count");
                for (TensorInfo info : infos) {
                    float[] v = c.floats(info.name());
                    int o = originalInfos.stream().map(TensorInfo::offset).toList().indexOf(info.offset());
                    assertTrue(o >= 0 && originalInfos.get(o).byteSize() == info.byteSize()
                            && originalInfos.get(o).dtype() == info.dtype(), "mutation " + i + " moved " + info);
                    boolean damaged = at >= info.offset() && at < info.offset() + info.byteSize();
                    if (!damaged) assertArrayEquals(originalValues.get(o), v, "mutation " + i + " changed an untouched tensor");
                }
                reads++;
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
                errors++;
            }
        }
        assertEquals(1000, errors + reads);
        assertTrue(errors > 500, "most mutations are detected: " + errors);
    }

    /**
     * The original with its header text changed in one of the ways a lax reader accepts (the header length field
     * rewritten to match): a byte-order mark, leading whitespace, trailing text, lower-case dtype, a float offset,
     * or bytes appended to the data.
     */
    private static byte[] respelled(String header, byte[] original, int headerEnd, Random random) {
        String h = header.stripTrailing();
        byte[] data = Arrays.copyOfRange(original, headerEnd, original.length);
        switch (random.nextInt(6)) {
            case 0 -> h = "\uFEFF" + h;
            case 1 -> h = " " + h;
            case 2 -> h = h + " x";
            case 3 -> h = h.replaceFirst("\"F32\"", "\"f32\"");
            case 4 -> h = h.replaceFirst("\"data_offsets\": ?\\[(\\d+)", "\"data_offsets\":[$1.0");
            default -> data = Arrays.copyOf(data, data.length + 1 + random.nextInt(8));
        }
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(hb.length).put(hb).put(data).array();
    }
}
