package io.evomerge.checkpoint;

import io.evomerge.Shared;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads safetensors files written by the Python safetensors library; truth computed with Python's struct module. */
class ReferenceFilesTest {

    @Test
    void readsNamesShapesAndValuesOfAFileWrittenByPython() {
        try (Checkpoint c = Checkpoints.open(Shared.path("reference/pcb/base.safetensors"))) {
            assertEquals(List.of("embeddings.word_embeddings.weight", "encoder.layer.0.attention.query.weight",
                    "encoder.layer.0.attention.query.bias", "encoder.layer.0.output.dense.weight",
                    "encoder.layer.0.output.LayerNorm.weight", "pooler.dense.weight"),
                    c.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new long[]{32, 100}, c.tensor("encoder.layer.0.output.dense.weight").shape());
            float[] w = c.floats("embeddings.word_embeddings.weight");
            assertEquals(9600, w.length);
            assertEquals(-0.01640268974006176f, w[0]);
            assertEquals(0.00803089514374733f, w[9599]);
            assertEquals(2.797730419661093, sum(w), 1e-9);
            assertEquals(-2.320831006860999, sum(c.floats("encoder.layer.0.output.dense.weight")), 1e-9);
        }
    }

    @Test
    void taskVectorIsModelMinusBase() {
        try (Checkpoint base = Checkpoints.open(Shared.path("reference/ties/base.safetensors"));
             Checkpoint task = Checkpoints.open(Shared.path("reference/ties/task_2.safetensors"))) {
            TaskVector tv = TaskVector.of(base, task);
            float[] tau = tv.floats("pooler.dense.weight");
            float[] b = base.floats("pooler.dense.weight"), t = task.floats("pooler.dense.weight");
            for (int i = 0; i < tau.length; i++) assertEquals(t[i] - b[i], tau[i]);
            assertEquals(0.4984734221943654, sum(t), 1e-9);
        }
    }

    static double sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s;
    }
}
