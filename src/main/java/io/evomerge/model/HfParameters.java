package io.evomerge.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/** Builds DJL Parameters named with their full Hugging Face name and HF initialisation. */
final class HfParameters {
    /** BERT's initializer_range. */
    private static final Initializer WEIGHT_INIT = new NormalInitializer(0.02f);

    private HfParameters() {
    }

    static Parameter weight(String hfName, long... shape) {
        return build(hfName, Parameter.Type.WEIGHT, WEIGHT_INIT, shape);
    }

    static Parameter bias(String hfName, long size) {
        return build(hfName, Parameter.Type.BIAS, Initializer.ZEROS, size);
    }

    static Parameter layerNormGamma(String hfName, long size) {
        return build(hfName, Parameter.Type.GAMMA, Initializer.ONES, size);
    }

    static Parameter layerNormBeta(String hfName, long size) {
        return build(hfName, Parameter.Type.BETA, Initializer.ZEROS, size);
    }

    private static Parameter build(String hfName, Parameter.Type type, Initializer init, long... shape) {
        return Parameter.builder().setName(hfName).setType(type).optInitializer(init).optShape(new Shape(shape))
                .build();
    }
}
