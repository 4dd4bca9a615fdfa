package io.evomerge.report;

import io.evomerge.merge.MergeMethod;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The papers' row order: pre-trained (a baseline without a method), the individual fine-tuned models, the merge
 * baselines in the registry's order of methods (averaging, task arithmetic, TIES, DARE, DARE-TIES, PCB, CABS), grid
 * rows, then searches. The sort is stable, so rows keep the summary's order within a group.
 */
final class RowOrder {
    private static final List<String> METHODS = Arrays.stream(MergeMethod.values()).map(MergeMethod::configName).toList();

    private RowOrder() {
    }

    static List<SummaryRow> sort(List<SummaryRow> rows) {
        return rows.stream().sorted(Comparator.comparingInt(RowOrder::group).thenComparingInt(RowOrder::method)).toList();
    }

    private static int group(SummaryRow row) {
        return switch (row.kind()) {
            case BASELINE -> row.method() == null ? 0 : 2;
            case INDIVIDUAL -> 1;
            case GRID -> 3;
            case SEARCH -> 4;
        };
    }

    private static int method(SummaryRow row) {
        if (row.kind() != RowKind.BASELINE || row.method() == null) return 0;
        int i = METHODS.indexOf(row.method());
        return i < 0 ? METHODS.size() : i;
    }
}
