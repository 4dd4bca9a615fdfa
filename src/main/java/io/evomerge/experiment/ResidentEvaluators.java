package io.evomerge.experiment;

import io.evomerge.ShortHash;
import io.evomerge.checkpoint.Checkpoint;
import io.evomerge.checkpoint.Checkpoints;
import io.evomerge.merge.MergeBackend;
import io.evomerge.merge.device.DeviceBackend;
import io.evomerge.population.Population;
import io.evomerge.population.TaskConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The evaluators resident in one executor JVM: built on a task's first need (reading the experiment and population
 * from the path every node sees), then lent to one task at a time and kept across generations and searches. With
 * {@code backend: device} each has its own device plans on its device (the GPU of its task, or the experiment's). An
 * executor with one task slot holds one; a JVM running tasks side by side (local[N]) holds one per concurrent task.
 * A new experiment (another file, hash or plan budget) closes the evaluators of the old one.
 */
final class ResidentEvaluators {
    private static Key current;
    private static final List<Resident> idle = new ArrayList<>();

    private ResidentEvaluators() {
    }

    /** What identifies an experiment's evaluators. */
    record Key(String experimentFile, String experimentHash, long planCacheBytes) {
    }

    /** One evaluator with what it holds open. */
    record Resident(Key key, String device, CandidateEvaluator evaluator, PlanCache plans, Runnable close) {
        int plansBuilt() {
            return plans.built();
        }
    }

    /** An idle evaluator of {@code key} on {@code gpu} (null: the experiment's device), or a new one. */
    static Resident borrow(Key key, String gpu) {
        synchronized (ResidentEvaluators.class) {
            if (!key.equals(current)) {
                idle.forEach(r -> r.close().run());
                idle.clear();
                current = key;
            }
            for (Iterator<Resident> it = idle.iterator(); it.hasNext(); ) {
                Resident r = it.next();
                if (gpu == null || gpu.equals(r.device())) {
                    it.remove();
                    return r;
                }
            }
        }
        return open(key, gpu); // seconds of loading: outside the lock, so side-by-side tasks load in parallel
    }

    /** Closes the idle evaluators (a driver running tasks itself, local[N], frees them when its run ends). */
    static void closeIdle() {
        synchronized (ResidentEvaluators.class) {
            idle.forEach(r -> r.close().run());
            idle.clear();
            current = null;
        }
    }

    static void giveBack(Resident r) {
        synchronized (ResidentEvaluators.class) {
            if (r.key().equals(current)) {
                idle.add(r);
                return;
            }
        }
        r.close().run();
    }

    private static Resident open(Key key, String gpu) {
        Path file = Path.of(key.experimentFile());
        String hash;
        try {
            hash = ShortHash.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("this node cannot read the experiment " + file
                    + " (every node needs it at the driver's path)", e);
        }
        if (!hash.equals(key.experimentHash())) {
            throw new IllegalStateException("this node's " + file + " (hash " + hash + ") differs from the driver's ("
                    + key.experimentHash() + "); give every node the same file");
        }
        ExperimentConfig config = ExperimentConfig.read(file);
        String device = gpu != null ? gpu : config.device();
        Population population = config.populationLayout();
        List<Runnable> open = new ArrayList<>(); // what to close, in order: plans, scorer, device, checkpoints
        try {
            Checkpoint base = Checkpoints.open(population.base().resolve("model.safetensors"));
            open.add(base::close);
            List<Checkpoint> models = new ArrayList<>();
            for (TaskConfig t : config.tasks()) {
                Checkpoint m = Checkpoints.open(population.task(t.name()).resolve("model.safetensors"));
                open.add(m::close);
                models.add(m);
            }
            // backend: device: this evaluator's own plans, on its device beside its model
            DeviceBackend onDevice = config.merging().backend() == MergeBackend.DEVICE ? DeviceBackend.open(device) : null;
            if (onDevice != null) open.addFirst(onDevice::close);
            SuiteScorer scorer = SuiteScorer.open(config.population(), device);
            open.addFirst(scorer::close);
            PlanCache plans = new PlanCache(base, models, key.planCacheBytes(), onDevice);
            open.addFirst(plans::close);
            return new Resident(key, device, new CandidateEvaluator(plans, scorer), plans, () -> open.forEach(Runnable::run));
        } catch (RuntimeException e) {
            open.forEach(Runnable::run);
            throw e;
        }
    }
}
