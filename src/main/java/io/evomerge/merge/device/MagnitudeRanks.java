package io.evomerge.merge.device;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Each entry's rank by ascending |x| within its row, ties by position: the Java kernels' {@code MagnitudeOrder}
 * (which sorts |x|'s bits with the index below them) on the device. A device sort need not be stable, so ties are
 * settled by a second sort on an exact int64 key, (index of |x|'s value among the row's distinct values) × length +
 * position, which no two entries share.
 */
final class MagnitudeRanks {
    private MagnitudeRanks() {
    }

    /** {@code x}: [rows, length] float32; returns [rows, length] int64, entry (r, k) = the rank of x[r, k] in row r. */
    static NDArray of(NDArray x) {
        long rows = x.getShape().get(0), length = x.getShape().get(1);
        if (length == 0) return x.toType(DataType.INT64, false);
        NDArray a = x.abs();
        NDArray position = a.argSort(1, true);
        NDArray sorted = a.gather(position, 1);
        NDArray changes = sorted.get(new NDIndex(":, 1:")).neq(sorted.get(new NDIndex(":, :-1")));
        NDArray first = x.getManager().zeros(new Shape(rows, 1), DataType.BOOLEAN);
        NDArray distinct = NDArrays.concat(new ai.djl.ndarray.NDList(first, changes), 1)
                .toType(DataType.INT64, false).cumSum(1);
        NDArray key = distinct.mul(length).add(position);
        NDArray order = position.gather(key.argSort(1, true), 1); // positions by (|x|, position)
        return order.argSort(1, true); // the inverse permutation: each position's rank
    }
}
