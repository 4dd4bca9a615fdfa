package io.evomerge.finetune;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import io.evomerge.EvomergeException;
import io.evomerge.data.ImageTensors;
import io.evomerge.data.TaskKind;
import io.evomerge.model.ImageClassifier;
import io.evomerge.population.FinetuneConfig;
import java.io.PrintWriter;
import java.util.Random;

/**
 * The training loop shared by pre-training and image fine-tuning: AdamW with linear warm-up then linear decay to 0
 * (as text fine-tuning), seeded shuffles, cross-entropy over the head's classes, on preprocessed image tensors.
 * Parameters frozen before training (an image task's head) are not updated.
 */
final class ImageTraining {
    private ImageTraining() {
    }

    /** Optimizer steps for {@code examples} under {@code ft}: max_steps, else epochs full passes. */
    static int steps(FinetuneConfig ft, int examples) {
        return ft.maxSteps() != null ? ft.maxSteps()
                : ft.epochs() * Math.max(1, (examples + ft.batchSize() - 1) / ft.batchSize());
    }

    /** A trainer over {@code model}'s block for {@code total} steps of {@code ft}. */
    static Trainer trainer(Model model, FinetuneConfig ft, int total, Device device) {
        int warmup = (int) Math.round(ft.warmup() * total);
        DefaultTrainingConfig training = new DefaultTrainingConfig(new TaskLoss(TaskKind.CLASSIFICATION, 1))
                .optDevices(new Device[] {device})
                .optOptimizer(Optimizer.adamW().optLearningRateTracker(Finetuner.schedule(ft.learningRate(), warmup,
                        total)).optWeightDecays((float) ft.weightDecay()).build());
        return model.newTrainer(training);
    }

    /**
     * Runs {@code total} steps over shuffled batches of {@code data} (the last batch of a pass may be short), logging
     * every {@code logEvery} steps; returns the mean loss of the last 50 steps. {@code name} names a divergence.
     */
    static double train(Trainer trainer, ImageTensors data, FinetuneConfig ft, int total, Random rng, String name,
                        PrintWriter out, int logEvery) {
        int batchSize = Math.min(ft.batchSize(), data.count());
        int size = data.imageSize();
        double[] recent = new double[Math.min(50, total)];
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int position = order.length;
        long t0 = System.nanoTime();
        for (int step = 0; step < total; step++) {
            if (position + batchSize > order.length) {
                shuffle(order, rng);
                position = 0;
            }
            float[] pixels = new float[batchSize * size];
            long[] labels = new long[batchSize];
            for (int r = 0; r < batchSize; r++) {
                int image = order[position + r];
                System.arraycopy(data.pixels(), image * size, pixels, r * size, size);
                labels[r] = data.labels()[image];
            }
            position += batchSize;
            double loss = step(trainer, pixels, labels, new Shape(batchSize, 3, data.height(), data.width()));
            if (!Double.isFinite(loss)) {
                throw new EvomergeException(name + ": training diverged at step " + (step + 1)
                        + " (the loss is not finite); lower the learning_rate");
            }
            recent[step % recent.length] = loss;
            if (out != null && ((step + 1) % logEvery == 0 || step + 1 == total)) {
                out.printf("%s: step %d/%d, loss %.4f, %.0f s%n", name, step + 1, total, loss,
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
        }
        double sum = 0;
        for (double v : recent) {
            sum += v;
        }
        return sum / recent.length;
    }

    private static double step(Trainer trainer, float[] pixels, long[] labels, Shape shape) {
        float loss;
        // the scope frees what the tower derives from its parameters each step (reshaped kernels, broadcasts: arrays of
        // the parameters' manager, holding the autograd graph); the update runs after it, since the optimizer's state
        // is created on its first step and must outlive it
        try (NDScope arrays = new NDScope(); NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = scope.create(pixels, shape);
            NDArray y = scope.create(labels).toType(DataType.INT64, false);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList scores = trainer.forward(new NDList(x));
                NDArray value = trainer.getLoss().evaluate(new NDList(y), scores);
                loss = value.getFloat();
                if (!Float.isFinite(loss)) {
                    return loss;
                }
                collector.backward(value);
            }
        }
        trainer.step();
        return loss;
    }

    /** Fisher-Yates with {@code rng}: the same seed gives the same order on every machine. */
    private static void shuffle(int[] order, Random rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The block's input shape for one image of {@code classifier}'s tower. */
    static Shape inputShape(ImageClassifier classifier) {
        int s = classifier.tower().config().imageSize();
        return new Shape(1, classifier.tower().config().numChannels(), s, s);
    }
}
