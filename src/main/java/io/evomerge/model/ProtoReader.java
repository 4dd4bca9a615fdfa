package io.evomerge.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Cursor over protobuf wire format (varint, fixed32/64, length-delimited); slices share the underlying buffer. */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private int tag;

    ProtoReader(ByteBuffer buffer) {
        this.buf = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (!buf.hasRemaining()) {
            return false;
        }
        tag = (int) readVarint();
        return true;
    }

    boolean hasRemaining() {
        return buf.hasRemaining();
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf.get();
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed protobuf varint at byte " + buf.position());
    }

    /** Length-delimited payload as a little-endian view (no copy). */
    ByteBuffer readBytes() {
        int length = Math.toIntExact(readVarint());
        if (length > buf.remaining()) {
            throw new IllegalStateException("truncated protobuf field " + field() + ": needs " + length
                    + " bytes, " + buf.remaining() + " left");
        }
        ByteBuffer slice = buf.slice(buf.position(), length).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + length);
        return slice;
    }

    String readString() {
        ByteBuffer bytes = readBytes();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return new String(array, StandardCharsets.UTF_8);
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> buf.position(buf.position() + 8);
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> buf.position(buf.position() + 4);
            default -> throw new IllegalStateException("unsupported protobuf wire type " + wireType()
                    + " for field " + field());
        }
    }
}
