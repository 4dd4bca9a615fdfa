package io.evomerge.checkpoint;

/** Bit-level conversions between float32 and the 16-bit float formats, rounding to nearest even. */
final class Floats {
    private Floats() {
    }

    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040); // keep sign, force a quiet-NaN payload bit
        }
        // Round to nearest even: add 0x7FFF plus the lowest kept bit, then truncate.
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    static short floatToF16(float value) {
        return Float.floatToFloat16(value); // IEEE 754 round-to-nearest-even
    }
}
