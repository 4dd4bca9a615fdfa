package io.evomerge.experiment;

/** What a run tells its user as it goes (the CLI draws progress bars; tests listen for what they check). */
public interface RunListener {
    /** A step outside the searches (fine-tuning, a baseline, a test evaluation). */
    default void message(String text) {
    }

    default void searchStarted(String name, long budget, long alreadyDone) {
    }

    /** One evaluation of a search: its fitness, the best so far and its seconds. */
    default void evaluated(String name, long index, double fitness, double best, double seconds) {
    }

    default void searchFinished(String name) {
    }

    RunListener SILENT = new RunListener() {
    };
}
