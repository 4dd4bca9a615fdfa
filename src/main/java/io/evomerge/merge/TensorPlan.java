package io.evomerge.merge;

/** The weight-independent part of one merged tensor: each model's contribution (null entries contribute nothing). */
record TensorPlan(String name, Contribution[] contributions) {
    long bytes() {
        long b = 0;
        for (Contribution c : contributions) if (c != null) b += c.bytes();
        return b;
    }
}
