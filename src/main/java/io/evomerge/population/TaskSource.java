package io.evomerge.population;

/** Where a task's data comes from; {@code key()} is the YAML value. */
public enum TaskSource {
    /** A GLUE root with {@code <task dir>/<split>.tsv}. */
    GLUE("glue"),
    /** A task folder: {@code task.json} + {@code <split>.jsonl}. */
    JSONL("jsonl"),
    /** A folder with Story Cloze's official CSV per split: {@code <split>.csv}. */
    STORY_CLOZE("story_cloze");

    private final String key;

    TaskSource(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
