package io.evomerge.data;

import java.util.Arrays;
import java.util.List;

/**
 * A split's images preprocessed: {@code pixels} holds {@code count} images of [3][height][width] floats, image
 * {@code i} being the split's image {@code indices[i]} of class {@code labels[i]}; {@code skipped} names the images
 * left out as unreadable ({@code skip_bad_images}); {@code fromCache} says whether they were read from the cache.
 */
public record ImageTensors(int count, int height, int width, float[] pixels, int[] labels, int[] indices,
                           List<String> skipped, boolean fromCache) {

    public ImageTensors {
        skipped = List.copyOf(skipped);
        if (pixels.length != (long) count * imageSize(height, width) || labels.length != count
                || indices.length != count) {
            throw new IllegalArgumentException("tensor sizes disagree with " + count + " images of 3x" + height
                    + "x" + width);
        }
    }

    /** Floats per image. */
    public int imageSize() {
        return imageSize(height, width);
    }

    /** Images [from, to) as one [n][3][height][width] block, ready for a {@code pixel_values} tensor. */
    public float[] batch(int from, int to) {
        return Arrays.copyOfRange(pixels, from * imageSize(), to * imageSize());
    }

    private static int imageSize(int height, int width) {
        return 3 * height * width;
    }
}
