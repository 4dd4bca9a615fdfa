/**
 * Experiment YAML: {@link io.evomerge.experiment.ExperimentConfig#read(java.nio.file.Path)} parses the backbone,
 * tasks, fine-tuning and evaluation sections (errors name the file, the key path and the valid values; relative
 * paths resolve against the YAML's folder) and keeps {@code merges}, {@code search} and {@code report} raw for the
 * search. {@link io.evomerge.experiment.Population} is the on-disk layout of the fine-tuned task models.
 */
package io.evomerge.experiment;
