package io.evomerge.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.evomerge.data.ImageTensors;
import io.evomerge.model.ClipVisionTower;
import io.evomerge.model.ImageClassifier;
import io.evomerge.model.TaskHead;
import java.util.function.BiConsumer;

/**
 * Scores a CLIP vision tower plus a task head on preprocessed images: inference only, in batches, every native
 * array freed per batch.
 */
public final class ImageScorer {

    private ImageScorer() {
    }

    /** Each image's predicted class with its gold label, for the tower's current weights. */
    public static Predictions predict(ClipVisionTower tower, TaskHead head, ImageTensors images, int batchSize,
                                      NDManager manager) {
        int classes = head.config().outputs();
        int[] predicted = new int[images.count()];
        forEachBatch(tower, images, batchSize, manager, (from, pooled) -> {
            float[] scores = ImageClassifier.scores(head, pooled).toFloatArray();
            for (int r = 0; r * classes < scores.length; r++) {
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    if (scores[r * classes + k] > scores[r * classes + best]) {
                        best = k;
                    }
                }
                predicted[from + r] = best;
            }
        });
        return Predictions.classes(predicted, images.labels());
    }

    /** The pooled vectors [images * hidden] row-major (what a linear probe is fitted on). */
    public static float[] features(ClipVisionTower tower, ImageTensors images, int batchSize, NDManager manager) {
        int hidden = tower.config().hiddenSize();
        float[] out = new float[images.count() * hidden];
        forEachBatch(tower, images, batchSize, manager, (from, pooled) ->
                System.arraycopy(pooled.toFloatArray(), 0, out, from * hidden, (int) pooled.size()));
        return out;
    }

    private static void forEachBatch(ClipVisionTower tower, ImageTensors images, int batchSize, NDManager manager,
                                     BiConsumer<Integer, NDArray> handler) {
        for (int from = 0; from < images.count(); from += batchSize) {
            int to = Math.min(images.count(), from + batchSize);
            // the scope also frees what the tower derives from its parameters (reshaped kernels, broadcasts): those
            // arrays belong to the parameters' manager, not to the batch's
            try (NDScope arrays = new NDScope(); NDManager scope = manager.newSubManager()) {
                NDArray pixels = scope.create(images.batch(from, to),
                        new Shape(to - from, 3, images.height(), images.width()));
                handler.accept(from, tower.run(pixels).get(1));
            }
        }
    }
}
