package io.evomerge.experiment;

/** One line naming the machine a run used, for summaries and reports (Tribuo's provenance habit). */
final class Machine {
    private Machine() {
    }

    static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format("%d cores %s, %d GiB heap max, %s %s, Java %s", rt.availableProcessors(),
                System.getProperty("os.arch"), rt.maxMemory() >> 30, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }
}
