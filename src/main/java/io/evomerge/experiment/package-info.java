/**
 * Experiments: {@link io.evomerge.experiment.ExperimentConfig#read(java.nio.file.Path)} parses the YAML (errors
 * name the file, the key path and the valid values; relative paths resolve against the YAML's folder) into the
 * population's settings ({@link io.evomerge.population.PopulationConfig}), the baselines and the searches;
 * {@link io.evomerge.experiment.ExperimentRun} wires fine-tuning, evaluation, merging, search and the report into
 * one journaled, resumable run. Nothing below imports this package.
 */
package io.evomerge.experiment;
