package io.evomerge.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ONNX TensorProto. FLOAT payloads stay a view of the memory-mapped file until {@link #floats()} copies them;
 * INT64 payloads are decoded eagerly because in these graphs they are only small shape constants.
 */
record OnnxTensor(String name, long[] dims, int dataType, ByteBuffer floatBytes, long[] int64s) {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    long elementCount() {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    float[] floats() {
        if (dataType != FLOAT || floatBytes == null) {
            throw new IllegalStateException("ONNX tensor " + name + " has data_type " + dataType
                    + " without float data; expected FLOAT (1)");
        }
        float[] data = new float[Math.toIntExact(elementCount())];
        if (floatBytes.remaining() != data.length * Float.BYTES) {
            throw new IllegalStateException("ONNX tensor " + name + " has " + floatBytes.remaining()
                    + " bytes of data for shape " + Arrays.toString(dims));
        }
        floatBytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return data;
    }

    static OnnxTensor parse(ByteBuffer message) {
        ProtoReader r = new ProtoReader(message);
        String name = "";
        long[] dims = new long[0];
        int dataType = 0;
        ByteBuffer raw = null;
        ByteBuffer packedFloats = null;
        long[] int64s = new long[0];
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dims = r.wireType() == ProtoReader.LENGTH_DELIMITED
                        ? varints(r.readBytes()) : append(dims, r.readVarint());
                case 2 -> dataType = (int) r.readVarint();
                case 4 -> {
                    if (r.wireType() != ProtoReader.LENGTH_DELIMITED) {
                        throw new IllegalStateException("ONNX tensor " + name + ": unpacked float_data is not supported");
                    }
                    packedFloats = r.readBytes();
                }
                case 7 -> int64s = r.wireType() == ProtoReader.LENGTH_DELIMITED
                        ? varints(r.readBytes()) : append(int64s, r.readVarint());
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 14 -> {
                    if (r.readVarint() == 1) {
                        throw new IllegalStateException("ONNX tensor " + name
                                + " uses external data; re-export the model with weights embedded");
                    }
                }
                default -> r.skip();
            }
        }
        if (dataType == INT64 && raw != null) {
            int64s = new long[raw.remaining() / Long.BYTES];
            raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(int64s);
        }
        return new OnnxTensor(name, dims, dataType, raw != null ? raw : packedFloats, int64s);
    }

    private static long[] varints(ByteBuffer packed) {
        ProtoReader r = new ProtoReader(packed);
        long[] values = new long[packed.remaining()];
        int n = 0;
        while (r.hasRemaining()) {
            values[n++] = r.readVarint();
        }
        return Arrays.copyOf(values, n);
    }

    private static long[] append(long[] values, long value) {
        long[] longer = Arrays.copyOf(values, values.length + 1);
        longer[values.length] = value;
        return longer;
    }
}
