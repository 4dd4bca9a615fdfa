package io.evomerge.experiment;

import io.evomerge.merge.MergeMethod;
import io.evomerge.merge.MergeSettings;

/** A method at fixed settings (the papers' defaults), merged and scored once. */
public record BaselineSpec(String label, MergeMethod method, MergeSettings settings, double lambda) {
}
