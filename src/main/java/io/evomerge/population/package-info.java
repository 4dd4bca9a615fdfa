/**
 * The population: the fine-tuned task models that merging combines. {@link io.evomerge.population.PopulationConfig}
 * is what builds and scores it (backbone, tasks with their data and fine-tuning settings, pooling, seed, device),
 * {@link io.evomerge.population.Population} its folder layout and {@link io.evomerge.population.TaskMetadata} a
 * task model's {@code task.json}. Below fine-tuning and evaluation, above data and model; the experiment reader
 * builds these records.
 */
package io.evomerge.population;
