package io.evomerge.datasets;

/** A text and the name of its label, as extracted from a source package. */
record LabelledText(String text, String label) {
}
