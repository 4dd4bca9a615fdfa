package io.evomerge.population;

import io.evomerge.model.ClipVisionConfig;
import java.nio.file.Path;

/**
 * How {@code evomerge pretrain} builds an experiment's base: a CLIP vision tower of shape {@code model} trained from
 * a seeded random start, supervised (a linear head on the pooled class token, then dropped) on {@code data}'s train
 * split with {@code training}'s AdamW settings, and written as a Hugging Face CLIPVisionModel folder at
 * {@code folder} (outside git, like populations), which is then the experiment's backbone.
 */
public record PretrainConfig(Path folder, TaskConfig data, ClipVisionConfig model, FinetuneConfig training) {
}
