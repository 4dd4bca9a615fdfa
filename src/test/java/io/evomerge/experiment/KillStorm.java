package io.evomerge.experiment;

import io.evomerge.report.Report;
import io.evomerge.report.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code bin/kill-storm [N] [--seed S] [--work DIR]}: N SIGKILLs (default 20) at random moments of a small real
 * {@code evolve} ({@link KillExperiment}), each followed by {@code evolve --resume}. Two uninterrupted runs come
 * first: the first fine-tunes the population and stores its rows' scores, the second (under the same conditions as
 * every later run) is the reference, and its length L sets the range of the kill moments. Then run after run: each
 * process is killed at a moment drawn uniformly from [0, L) after its start, unless it ends before; the next process
 * resumes the same run; a run gets at most {@value #KILLS_PER_RUN} kills, then runs to its end. Every finished run
 * must have each journal at exactly its budget, the reference's figures ({@link RunFigures}) and no lock or temp
 * file. Prints a table of the kills and of the runs; exits 1 when a check failed.
 */
public final class KillStorm {
    static final int KILLS_PER_RUN = 3;
    private static final Duration PROCESS_LIMIT = Duration.ofMinutes(10);

    private final Path work, experiment, log;
    private final Random random;
    private final List<String> searches = List.of(KillExperiment.FIRST_SEARCH, KillExperiment.LAST_SEARCH);

    private KillStorm(Path work, Path experiment, long seed) {
        this.work = work;
        this.experiment = experiment;
        this.log = work.resolve("evolve.log");
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int n = 20;
        long seed = 1;
        Path work = Path.of("target/kill-storm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> n = Integer.parseInt(args[i]);
            }
        }
        deleteTree(work);
        Files.createDirectories(work);
        Path experiment = KillExperiment.write(work.toAbsolutePath(), Path.of("datasets").toAbsolutePath());
        System.exit(new KillStorm(work.toAbsolutePath(), experiment, seed).run(n, seed) ? 0 : 1);
    }

    private boolean run(int kills, long seed) throws IOException {
        Instant began = Instant.now();
        System.out.printf("kill storm: %d kills, seed %d, work folder %s%nmachine: %s; load average %.1f at the start%n",
                kills, seed, work, machine(), load());
        double warmup = uninterrupted(work.resolve("warmup"));
        Path referenceRoot = work.resolve("reference");
        double length = uninterrupted(referenceRoot);
        Path reference = referenceRoot.resolve("kill");
        RunFigures figures = RunFigures.of(reference);
        List<String> warmupDiff = RunFigures.of(work.resolve("warmup/kill")).differences(figures);
        System.out.printf("uninterrupted runs: %.1f s (fine-tuning the population), %.1f s (the reference); the two"
                + " agree: %s%n%n", warmup, length, warmupDiff.isEmpty() ? "yes" : warmupDiff);

        System.out.println(" kill  run  process  after (s)  phase at the kill                            journals at the kill");
        List<String> runTable = new ArrayList<>();
        boolean ok = warmupDiff.isEmpty();
        int done = 0;
        for (int r = 1; done < kills; r++) {
            Path root = work.resolve("runs").resolve(Integer.toString(r));
            Path run = root.resolve("kill");
            int processes = 0, killsHere = 0;
            Integer exit = null;
            while (exit == null) {
                processes++;
                boolean mayKill = done < kills && killsHere < KILLS_PER_RUN;
                Map<String, Integer> before = journalLines(run);
                Instant start = Instant.now();
                try (EvolveProcess p = EvolveProcess.start(experiment, root, processes > 1, log)) {
                    double at = length * random.nextDouble();
                    boolean ended = mayKill ? !p.await(() -> p.seconds() >= at, PROCESS_LIMIT) : true;
                    if (!ended && p.alive()) {
                        p.kill();
                        done++;
                        killsHere++;
                        System.out.printf("%5d %4d %8d %10.1f  %-44s %s%n", done, r, processes, at,
                                phase(p.lines(), before, journalLines(run), run, start), journalText(run));
                        continue;
                    }
                    exit = p.awaitExit(PROCESS_LIMIT);
                }
            }
            List<String> problems = new ArrayList<>();
            if (exit != 0) problems.add("the last process exited with " + exit);
            Map<String, Integer> lines = journalLines(run);
            for (String s : searches) {
                if (lines.getOrDefault(s, 0) != KillExperiment.BUDGETS.get(s).intValue()) {
                    problems.add(s + " journal holds " + lines.getOrDefault(s, 0) + " lines");
                }
            }
            List<String> differences = Files.isRegularFile(run.resolve(RunSummary.FILE))
                    ? RunFigures.of(run).differences(figures) : List.of("no summary.json");
            List<Path> leftovers = Files.isDirectory(run) ? RunFigures.leftovers(run) : List.of();
            problems.addAll(differences);
            leftovers.forEach(f -> problems.add("left behind: " + run.relativize(f)));
            ok &= problems.isEmpty();
            runTable.add(String.format("%4d %10d %6d  %-27s %-20s %s", r, processes, killsHere, journalText(run),
                    differences.isEmpty() ? "yes" : "NO", leftovers.isEmpty() ? "none" : leftovers.size() + " file(s)")
                    + (problems.isEmpty() ? "" : "\n      " + String.join("\n      ", problems)));
        }
        System.out.println();
        System.out.println(" run  processes  kills  journals (lines/budget)     figures = reference  lock/temp files");
        runTable.forEach(System.out::println);
        System.out.printf("%n%s: %d kills over %d runs, each resumed to its end; every journal exactly its budget, every"
                + " figure equal to the reference's, no lock or temp file left%s%n%.0f s in all; load average %.1f at the"
                + " end%n", ok ? "PASS" : "FAIL", done, runTable.size(), ok ? "" : " (NOT for the runs listed with problems)",
                Duration.between(began, Instant.now()).toNanos() / 1e9, load());
        return ok;
    }

    private static String machine() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return String.format("%d cores %s, %d GiB memory, %s %s, Java %s", os.getAvailableProcessors(), os.getArch(),
                Math.round(os.getTotalMemorySize() / (double) (1L << 30)), os.getName(), os.getVersion(),
                System.getProperty("java.version"));
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Runs the experiment from start to end in {@code root} and returns its seconds; fails the storm if it fails. */
    private double uninterrupted(Path root) {
        try (EvolveProcess p = EvolveProcess.start(experiment, root, false, log)) {
            int code = p.awaitExit(PROCESS_LIMIT);
            if (code != 0) throw new IllegalStateException("an uninterrupted run failed (" + code + "); see " + log);
            return p.seconds();
        }
    }

    /**
     * Where the killed process was, from its messages and the run folder: the furthest sign of progress among
     * start-up, the baselines, each search's journal growing, its best scored on test, and report.md written.
     */
    private String phase(List<String> lines, Map<String, Integer> before, Map<String, Integer> after, Path run, Instant start) {
        String phase = lines.isEmpty() ? "start-up (JVM, experiment)" : "start-up (population, models)";
        for (String l : lines) if (l.startsWith("baseline: ")) phase = l.replace(", stored by an earlier run", " (stored)").replaceAll(" \\(/.*", "");
        for (String s : searches) {
            int b = KillExperiment.BUDGETS.get(s);
            if (after.getOrDefault(s, 0) > before.getOrDefault(s, 0)) phase = "search " + s + " (" + after.get(s) + "/" + b + ")";
            if (lines.stream().anyMatch(l -> l.startsWith(s + ": best validation fitness"))) phase = s + ": test scoring";
        }
        try {
            Path report = run.resolve(Report.MARKDOWN);
            if (Files.isRegularFile(report) && Files.getLastModifiedTime(report).compareTo(FileTime.from(start)) >= 0) {
                phase = "report writing";
            }
        } catch (IOException e) {
            // the report is not there: an earlier phase
        }
        return phase;
    }

    private Map<String, Integer> journalLines(Path run) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String s : searches) out.put(s, KillExperiment.lines(KillExperiment.journal(run, s)));
        return out;
    }

    private String journalText(Path run) {
        Map<String, Integer> lines = journalLines(run);
        List<String> parts = new ArrayList<>();
        for (String s : searches) parts.add(s + " " + lines.get(s) + "/" + KillExperiment.BUDGETS.get(s));
        return String.join(", ", parts);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
