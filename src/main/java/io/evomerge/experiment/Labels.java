package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;

/** The names the papers' tables use for each method. */
final class Labels {
    private Labels() {
    }

    static String of(MergeMethod m) {
        return switch (m) {
            case LINEAR -> "Averaging";
            case TASK_ARITHMETIC -> "Task arithmetic";
            case TIES -> "TIES";
            case DARE_LINEAR -> "DARE";
            case DARE_TIES -> "DARE-TIES";
            case PCB -> "PCB";
            case CABS -> "CABS";
        };
    }
}
