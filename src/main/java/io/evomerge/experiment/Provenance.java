package io.evomerge.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Where a run came from: the source commit, the versions it was built with, the machine (Tribuo's provenance habit). */
final class Provenance {
    private Provenance() {
    }

    /** The git commit of the evomerge checkout and whether its sources differ from it; nulls outside a checkout. */
    record Source(String commit, Boolean dirty) {
    }

    record Versions(String evomerge, String java, String djl, String pytorch) {
    }

    record Host(String os, String arch, String cpu, int cores, long maxHeapMib) {
    }

    static Source source() {
        // bin/evomerge names the checkout; tests and IDE runs start in it
        Path root = Path.of(System.getProperty("evomerge.root", System.getProperty("user.dir")));
        String commit = git(root, "rev-parse", "HEAD");
        if (commit == null) return new Source(null, null);
        String status = git(root, "status", "--porcelain", "--", "src", "pom.xml", "bin");
        return new Source(commit.strip(), status == null ? null : !status.isBlank());
    }

    static Versions versions() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/io/evomerge/build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // versions unknown: the manifest says so with nulls
        }
        return new Versions(p.getProperty("evomerge"), System.getProperty("java.vendor") + " "
                + System.getProperty("java.runtime.version"), p.getProperty("djl"), p.getProperty("pytorch"));
    }

    static Host host() {
        return new Host(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), cpuModel(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Linux's "model name" of the first CPU; null elsewhere. */
    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String git(Path root, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = root.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
