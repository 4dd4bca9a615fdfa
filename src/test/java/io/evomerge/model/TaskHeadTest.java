package io.evomerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evomerge.data.PairEncoding;
import io.evomerge.data.TaskKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskHeadTest {

    /**
     * Loading copies the values into each parameter's own native storage, rather than re-pointing the parameter at
     * a Java buffer (what NDArray.set does on CPU).
     */
    @Test
    void loadWritesIntoTheParametersOwnStorage() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TaskHead head = new TaskHead(new HeadConfig(TaskKind.CLASSIFICATION, 2, Pooling.POOLER, 0.1f,
                    PairEncoding.CROSS_ENCODER), 4);
            head.initializeParameters(manager, 4);
            Map<String, Long> addresses = new LinkedHashMap<>();
            Map<String, float[]> loaded = new LinkedHashMap<>();
            for (ParameterShape s : head.parameterShapes()) {
                NDArray array = head.getParameters().get(s.name()).getArray();
                addresses.put(s.name(), NativeStorage.address(array));
                float[] values = new float[s.elementCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = 0.25f * i - 1;
                }
                loaded.put(s.name(), values);
            }
            head.load(loaded);
            Map<String, float[]> read = head.weights();
            for (ParameterShape s : head.parameterShapes()) {
                assertArrayEquals(loaded.get(s.name()), read.get(s.name()), s.name());
                assertEquals(addresses.get(s.name()),
                        NativeStorage.address(head.getParameters().get(s.name()).getArray()),
                        s.name() + " was re-pointed to other memory");
            }
        }
    }
}
