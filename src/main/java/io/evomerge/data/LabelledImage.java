package io.evomerge.data;

import java.util.Objects;

/** One image and its class index. */
public record LabelledImage(ImageRef image, int label) {

    public LabelledImage {
        Objects.requireNonNull(image, "image");
        if (label < 0) {
            throw new IllegalArgumentException("negative label " + label + " for " + image.name());
        }
    }
}
