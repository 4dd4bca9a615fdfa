package io.evomerge.experiment;

/**
 * Fine-tuning hyper-parameters. {@code warmup}: fraction of the steps with a linear learning-rate warm-up (then
 * linear decay to 0); {@code maxSteps}: stop after this many optimizer steps (null: {@code epochs} full passes);
 * {@code dropout}: the head's dropout on the pooled vector.
 */
public record FinetuneConfig(int epochs, int batchSize, double learningRate, double warmup, double weightDecay,
                             Integer maxSteps, double dropout) {
    public static final FinetuneConfig DEFAULT = new FinetuneConfig(3, 32, 5.0e-5, 0.06, 0.01, null, 0.1);
}
