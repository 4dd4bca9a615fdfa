package io.evomerge.checkpoint;

import io.evomerge.Shared;
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
     * A thousand mutations of a real file (truncations, flipped bytes, huge header lengths): each either fails with
     * the one-line error naming the file, or, when the damage left a valid file, reads back exactly the bytes the
     * header points at with the tensors untouched by the damage equal to the original's.
     */
    @Test
    void thousandMutationsEndInACleanErrorOrAFaithfulRead() throws Exception {
        Path source = Shared.path("reference/pcb/task_1.safetensors");
        byte[] original = Files.readAllBytes(source);
        long headerEnd = 8 + ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
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
            int kind = i % 4;
            int at = -1;
            switch (kind) {
                case 0 -> m = Arrays.copyOf(m, random.nextInt(m.length)); // truncation
                case 1 -> { // a flipped byte in the header
                    at = 8 + random.nextInt((int) headerEnd - 8);
                    m[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 2 -> { // a flipped byte anywhere
                    at = random.nextInt(m.length);
                    m[at] ^= (byte) (1 + random.nextInt(255));
                }
                default -> { // a huge or random header length
                    long len = random.nextBoolean() ? random.nextLong() : original.length + random.nextInt(1 << 20);
                    ByteBuffer.wrap(m, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(len);
                }
            }
            Files.write(p, m);
            try (Checkpoint c = Checkpoints.open(p)) {
                List<TensorInfo> infos = c.tensors();
                for (int t = 0; t < infos.size(); t++) {
                    float[] v = c.floats(infos.get(t).name());
                    TensorInfo info = infos.get(t);
                    boolean damaged = at >= info.offset() && at < info.offset() + info.byteSize();
                    if (!damaged && at >= headerEnd || kind == 1 && info.dtype() == DType.F32) {
                        int o = originalInfos.stream().map(TensorInfo::offset).toList().indexOf(info.offset());
                        if (o >= 0 && info.byteSize() == originalInfos.get(o).byteSize()) {
                            assertArrayEquals(originalValues.get(o), v, "mutation " + i + " changed an untouched tensor");
                        }
                    }
                }
                reads++;
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith(p.toString()) && !e.getMessage().contains("\n"), e.getMessage());
                errors++;
            }
        }
        assertEquals(1000, errors + reads);
        assertTrue(errors > 400, "most mutations are detected: " + errors);
    }
}
