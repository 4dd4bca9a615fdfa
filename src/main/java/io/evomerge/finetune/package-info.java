/**
 * Fine-tuning the population: {@link io.evomerge.finetune.Finetuner} trains encoder plus head per task with DJL's
 * Trainer and writes each task model as a Hugging Face folder with its head, metadata and metrics.
 */
package io.evomerge.finetune;
