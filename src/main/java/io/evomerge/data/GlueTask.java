package io.evomerge.data;

import java.util.List;

/**
 * The GLUE tasks this project reads, with their TSV layouts as shipped in
 * {@code shared/datasets/glue/<dir>/{train,validation,test}.tsv}.
 * Column indices are 0-based; {@code pairColumn} is -1 for single-sentence tasks.
 */
public enum GlueTask {
    // CoLA: no header; columns source, label, original label ("*" or empty), sentence
    COLA("CoLA", TaskSpec.classification("cola", List.of("unacceptable", "acceptable"),
            Metric.MATTHEWS, Metric.ACCURACY), null, 4, 3, -1, 1),
    SST2("SST-2", TaskSpec.classification("sst2", List.of("negative", "positive"), Metric.ACCURACY),
            List.of("sentence", "label"), 2, 0, -1, 1),
    MRPC("MRPC", TaskSpec.classification("mrpc", List.of("not_equivalent", "equivalent"),
            Metric.F1, Metric.ACCURACY),
            List.of("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"), 5, 3, 4, 0),
    RTE("RTE", TaskSpec.classification("rte", List.of("entailment", "not_entailment"), Metric.ACCURACY),
            List.of("index", "sentence1", "sentence2", "label"), 4, 1, 2, 3),
    STSB("STS-B", TaskSpec.regression("stsb", Metric.PEARSON, Metric.SPEARMAN),
            List.of("index", "genre", "filename", "year", "old_index", "source1", "source2",
                    "sentence1", "sentence2", "score"), 10, 7, 8, 9);

    private final String directory;
    private final TaskSpec spec;
    private final List<String> header;
    private final int columns;
    private final int textColumn;
    private final int pairColumn;
    private final int labelColumn;

    GlueTask(String directory, TaskSpec spec, List<String> header, int columns,
             int textColumn, int pairColumn, int labelColumn) {
        this.directory = directory;
        this.spec = spec;
        this.header = header;
        this.columns = columns;
        this.textColumn = textColumn;
        this.pairColumn = pairColumn;
        this.labelColumn = labelColumn;
    }

    /** Folder name under the GLUE root, e.g. {@code "STS-B"}. */
    public String directory() {
        return directory;
    }

    public TaskSpec spec() {
        return spec;
    }

    /** Expected header row, or null when the files have none (CoLA). */
    List<String> header() {
        return header;
    }

    int columns() {
        return columns;
    }

    int textColumn() {
        return textColumn;
    }

    /** Whether examples are sentence pairs (MRPC, RTE, STS-B). */
    public boolean hasPairs() {
        return pairColumn >= 0;
    }

    int pairColumn() {
        return pairColumn;
    }

    int labelColumn() {
        return labelColumn;
    }
}
