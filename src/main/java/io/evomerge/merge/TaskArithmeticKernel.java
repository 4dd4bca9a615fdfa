package io.evomerge.merge;

import io.evomerge.checkpoint.TensorInfo;

import java.util.List;

/** Task arithmetic and linear averaging: every model contributes its whole task vector. */
final class TaskArithmeticKernel implements Kernel<Void> {
    @Override
    public Void prepare(TaskSource source, List<TensorInfo> row) {
        return null;
    }

    @Override
    public TensorPlan plan(Void stats, TensorInfo t, float[][] tau) {
        Contribution[] out = new Contribution[tau.length];
        for (int i = 0; i < tau.length; i++) out[i] = Contribution.dense(tau[i]);
        return new TensorPlan(t.name(), out);
    }
}
