package io.evomerge.experiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A real {@code evomerge evolve} in a JVM of its own, as a user starts it, so that it can be killed with SIGKILL:
 * the same main class, JVM flags and environment as {@code bin/evomerge}, on this JVM's class path. Its stdout
 * lines (the run's messages, flushed one by one) are collected as they come; stderr (progress bars) goes to a log.
 */
final class EvolveProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final long startedNanos = System.nanoTime();

    private EvolveProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed mid-line: what was read is kept
            }
        });
    }

    /** Starts {@code evolve EXPERIMENT --results RESULTS [--resume]} in {@code experiment}'s folder; stderr to {@code log}. */
    static EvolveProcess start(Path experiment, Path results, boolean resume, Path log) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx3g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "io.evomerge.cli.Main",
                "evolve", experiment.toString(), "--results", results.toString()));
        if (resume) command.add("--resume");
        ProcessBuilder pb = new ProcessBuilder(command).directory(experiment.toAbsolutePath().getParent().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // bin/evomerge's environment: DJL offline, PyTorch's OpenMP threads waiting passively on a busy machine
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        try {
            return new EvolveProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Seconds since the process was started. */
    double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The stdout lines so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Waits until a stdout line matches; false when the process ended or the time ran out first. */
    boolean awaitLine(Predicate<String> match, Duration timeout) {
        return await(() -> lines().stream().anyMatch(match), timeout);
    }

    /**
     * Polls {@code condition} every 5 ms until it holds (true), or the process ends or the time runs out (false). The
     * condition is asked once more after the process ended, so a state it left is still seen.
     */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            if (!process.isAlive()) return condition.getAsBoolean();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** SIGKILL, as a crash or {@code kill -9} stops a run: no shutdown hook, no finally block runs. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the process to end and returns its exit code (137 after {@link #kill}); -1 on a timeout. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return -1;
            reader.join(Duration.ofSeconds(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) kill();
    }
}
