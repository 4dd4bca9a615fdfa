package io.evomerge.data;

import java.util.List;
import java.util.Objects;

/** The images of one split of one image classification task, in a fixed order. */
public record ImageSplit(TaskSpec task, SplitName name, List<LabelledImage> images) {

    public ImageSplit {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(name, "name");
        images = List.copyOf(images);
        int classes = task.labelNames().size();
        for (LabelledImage image : images) {
            if (image.label() >= classes) {
                throw new IllegalArgumentException(image.image().name() + ": label " + image.label()
                        + " outside the task's " + classes + " classes");
            }
        }
    }

    public int size() {
        return images.size();
    }

    /** Gold class indices in image order. */
    public int[] classLabels() {
        return images.stream().mapToInt(LabelledImage::label).toArray();
    }
}
