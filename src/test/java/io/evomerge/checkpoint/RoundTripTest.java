package io.evomerge.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripTest {
    @TempDir
    Path dir;

    private static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 0.02);
        return v;
    }

    @Test
    void float32AndFloat64RoundTripExactlyWithMetadata() {
        float[] a = randomFloats(300 * 32, 1), b = randomFloats(7, 2);
        Path file = dir.resolve("m.safetensors");
        List<TensorSpec> specs = List.of(new TensorSpec("a", DType.F32, new long[]{300, 32}),
                new TensorSpec("b", DType.F64, new long[]{7}));
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of("format", "pt")))) {
            w.write("b", b); // any order
            w.write("a", a);
            w.commit();
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            assertEquals(List.of("a", "b"), c.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(a, c.floats("a"));
            assertArrayEquals(b, c.floats("b"));
            assertEquals(DType.F64, c.tensor("b").dtype());
            assertEquals(Map.of("format", "pt"), c.metadata());
            // the format's header is padded to 8-byte alignment
            assertEquals(0, c.tensor("a").offset() % 8);
        }
    }

    /** Hand-computed rounding: 1 + 2^-8 sits halfway between two bf16 values and goes to the even one (1.0). */
    @Test
    void halfPrecisionsRoundToNearestEven() {
        float[] in = {1f + 0x1p-8f, 1f + 3 * 0x1p-8f, -2.5f, 65504f, 1f + 0x1p-11f, 1f + 3 * 0x1p-11f, 0f, -0f};
        float[] bf16 = {1f, 1f + 0x1p-6f, -2.5f, 65536f, 1f, 1f, 0f, -0f};
        float[] f16 = {1f + 0x1p-8f, 1f + 3 * 0x1p-8f, -2.5f, 65504f, 1f, 1f + 0x1p-9f, 0f, -0f};
        assertArrayEquals(bf16, roundTrip(in, DType.BF16));
        assertArrayEquals(f16, roundTrip(in, DType.F16));
    }

    @Test
    void halfPrecisionsStayWithinHalfAnUlpOnRandomData() {
        float[] v = randomFloats(10_000, 3);
        float[] bf = roundTrip(v, DType.BF16), f = roundTrip(v, DType.F16);
        for (int i = 0; i < v.length; i++) {
            assertTrue(Math.abs(bf[i] - v[i]) <= Math.ulp(v[i]) * 65536 / 2 * 1.0001, "bf16 " + v[i] + " -> " + bf[i]);
            assertTrue(Math.abs(f[i] - v[i]) <= Math.max(Math.ulp(v[i]) * 8192 / 2, 0x1p-25f), "f16 " + v[i] + " -> " + f[i]);
        }
    }

    private float[] roundTrip(float[] v, DType t) {
        Path file = dir.resolve("h-" + t + ".safetensors");
        try (CheckpointWriter w = CheckpointWriter.create(file, List.of(new TensorSpec("x", t, new long[]{v.length})),
                WriteOptions.single(Map.of()))) {
            w.write("x", v);
            w.commit();
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            assertEquals(t, c.tensor("x").dtype());
            assertEquals((long) v.length * t.bytes(), c.tensor("x").byteSize());
            return c.floats("x");
        }
    }

    @Test
    void integerBuffersPassThroughRawAndReadAsFloats() {
        ByteBuffer ids = ByteBuffer.allocate(8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long i : new long[]{0, 1, 2, 511}) ids.putLong(i);
        byte[] u8 = {0, 1, (byte) 255};
        byte[] i32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(1 << 20).array();
        byte[] i16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -300).array();
        byte[] i8 = {-5}, bool = {1, 0};
        Path file = dir.resolve("ints.safetensors");
        List<TensorSpec> specs = List.of(new TensorSpec("pos", DType.I64, new long[]{1, 4}),
                new TensorSpec("u8", DType.U8, new long[]{3}), new TensorSpec("i32", DType.I32, new long[]{2}),
                new TensorSpec("i16", DType.I16, new long[]{1}), new TensorSpec("i8", DType.I8, new long[]{1}),
                new TensorSpec("mask", DType.BOOL, new long[]{2}));
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            w.writeRaw("pos", ids.array());
            w.writeRaw("u8", u8);
            w.writeRaw("i32", i32);
            w.writeRaw("i16", i16);
            w.writeRaw("i8", i8);
            w.writeRaw("mask", bool);
            w.commit();
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            assertArrayEquals(ids.array(), c.rawBytes("pos"));
            assertArrayEquals(new float[]{0, 1, 2, 511}, c.floats("pos"));
            assertArrayEquals(new float[]{0, 1, 255}, c.floats("u8"));
            assertArrayEquals(new float[]{-7, 1 << 20}, c.floats("i32"));
            assertArrayEquals(new float[]{-300}, c.floats("i16"));
            assertArrayEquals(new float[]{-5}, c.floats("i8"));
            assertArrayEquals(new float[]{1, 0}, c.floats("mask"));
        }
    }

    @Test
    void shardedAndUnshardedFoldersHoldTheSameTensors() throws Exception {
        List<TensorSpec> specs = List.of(new TensorSpec("e", DType.F32, new long[]{100, 10}),
                new TensorSpec("l0.w", DType.BF16, new long[]{10, 10}), new TensorSpec("l0.b", DType.F16, new long[]{10}),
                new TensorSpec("l1.w", DType.F32, new long[]{10, 30}));
        float[][] data = specs.stream().map(s -> randomFloats((int) s.numel(), s.name().hashCode())).toArray(float[][]::new);
        Path sharded = dir.resolve("sharded"), plain = dir.resolve("plain");
        for (Path out : List.of(sharded, plain)) {
            long shard = out == sharded ? 1000 : 0;
            try (CheckpointWriter w = CheckpointWriter.create(out, specs, new WriteOptions(shard, Map.of("k", "v")))) {
                for (int i = 0; i < specs.size(); i++) w.write(specs.get(i).name(), data[i]);
                w.commit();
            }
        }
        assertTrue(Files.isRegularFile(sharded.resolve("model.safetensors.index.json")));
        assertTrue(Files.isRegularFile(sharded.resolve("model-00001-of-00003.safetensors")));
        assertTrue(Files.isRegularFile(plain.resolve("model.safetensors")));
        try (Checkpoint a = Checkpoints.open(sharded); Checkpoint b = Checkpoints.open(plain)) {
            assertEquals(b.tensors().stream().map(TensorInfo::name).toList(), a.tensors().stream().map(TensorInfo::name).toList());
            for (TensorSpec s : specs) {
                assertArrayEquals(b.floats(s.name()), a.floats(s.name()));
                assertEquals(s.dtype(), a.tensor(s.name()).dtype());
            }
            assertEquals(Map.of("k", "v"), a.metadata());
        }
        // re-writing the sharded folder as one file removes the stale index so readers see the new file
        try (CheckpointWriter w = CheckpointWriter.create(sharded, specs.subList(0, 1), WriteOptions.single(Map.of()))) {
            w.write("e", data[0]);
            w.commit();
        }
        try (Checkpoint a = Checkpoints.open(sharded)) {
            assertEquals(1, a.tensors().size());
        }
    }

    @Test
    void slicedReadsAndWritesMatchWholeOnes() {
        float[] v = randomFloats(1000, 9);
        Path file = dir.resolve("slices.safetensors");
        try (CheckpointWriter w = CheckpointWriter.create(file, List.of(new TensorSpec("x", DType.F32, new long[]{1000})),
                WriteOptions.single(Map.of()))) {
            w.write("x", 600, v, 600, 400);
            w.write("x", 0, v, 0, 600);
            w.commit();
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            float[] part = new float[300];
            c.readFloats("x", 500, part, 0, 300);
            for (int i = 0; i < 300; i++) assertEquals(v[500 + i], part[i]);
        }
    }

    @Test
    void uncommittedOrIncompleteWritesLeaveNothingBehind() throws Exception {
        Path file = dir.resolve("out.safetensors");
        List<TensorSpec> specs = List.of(new TensorSpec("x", DType.F32, new long[]{4}), new TensorSpec("y", DType.F32, new long[]{4}));
        try (CheckpointWriter w = CheckpointWriter.create(file, specs, WriteOptions.single(Map.of()))) {
            w.write("x", new float[4]);
            CheckpointException e = assertThrows(CheckpointException.class, w::commit);
            assertTrue(e.getMessage().contains("tensor y was not fully written"), e.getMessage());
        }
        assertFalse(Files.exists(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "temporary files are removed");
        }
    }

    /** A (sparse) 2.5 GB file: a tensor past the 2 GB mark is found and read without reading what lies before it. */
    @Test
    void tensorsBeyondTwoGigabytesAreRead() throws Exception {
        long padBytes = 2_500_000_000L;
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + padBytes + "],\"data_offsets\":[0," + padBytes + "]},"
                + "\"far\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + padBytes + "," + (padBytes + 16) + "]}}";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path file = dir.resolve("big.safetensors");
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
            raf.write(head.array());
            raf.setLength(8 + h.length + padBytes + 16); // sparse: the pad takes no disk space
            raf.seek(8 + h.length + padBytes);
            ByteBuffer far = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3f).putFloat(0.25f);
            raf.write(far.array());
        }
        try (Checkpoint c = Checkpoints.open(file)) {
            assertArrayEquals(new float[]{1.5f, -2f, 3f, 0.25f}, c.floats("far"));
            assertEquals(padBytes, c.tensor("pad").numel());
            float[] tail = new float[3];
            c.readFloats("pad", padBytes - 3, tail, 0, 3);
            assertArrayEquals(new float[3], tail);
        }
    }
}
