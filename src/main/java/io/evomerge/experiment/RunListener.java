package io.evomerge.experiment;

/** What a run tells its user as it goes (the CLI draws progress bars; tests collect or ignore). */
public interface RunListener {
    /** A step outside the searches (fine-tuning, a baseline, a test evaluation). */
    void message(String text);

    void searchStarted(String name, long budget, long alreadyDone);

    /** One evaluation of a search: its fitness, the best so far and its seconds. */
    void evaluated(String name, long index, double fitness, double best, double seconds);

    void searchFinished(String name);

    RunListener SILENT = new RunListener() {
        @Override
        public void message(String text) {
        }

        @Override
        public void searchStarted(String name, long budget, long alreadyDone) {
        }

        @Override
        public void evaluated(String name, long index, double fitness, double best, double seconds) {
        }

        @Override
        public void searchFinished(String name) {
        }
    };
}
