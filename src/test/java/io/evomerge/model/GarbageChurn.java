package io.evomerge.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects garbage, which frees unreachable direct buffers, and hands small freed blocks out again filled with NaN:
 * between a forward and a backward pass, it exposes any tensor autograd kept over Java memory.
 */
final class GarbageChurn {
    /** A step run between two passes. */
    interface Action {
        void run() throws InterruptedException;
    }

    private GarbageChurn() {
    }

    static void run() throws InterruptedException {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 200; i++) {
                keep.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
            }
        }
    }
}
