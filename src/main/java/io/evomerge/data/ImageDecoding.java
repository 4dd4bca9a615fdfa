package io.evomerge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Decodes (and transforms) a split's images in parallel, in split order. An unreadable image stops the task with
 * its one-line error naming the file (the first bad one in split order), or, with {@code skipBadImages}, is left out and named in {@link
 * Result#skipped()}: never a silent skip.
 */
public final class ImageDecoding {

    private ImageDecoding() {
    }

    /** {@code values.get(i)} is the transformed image {@code indices[i]} of the split, of class {@code labels[i]}. */
    public record Result<T>(List<T> values, int[] labels, int[] indices, List<String> skipped) {

        public Result {
            values = List.copyOf(values);
            skipped = List.copyOf(skipped);
        }

        /** "N of M images could not be read and were left out: FIRST; ..." or "" when none were. */
        public String skipReport() {
            if (skipped.isEmpty()) {
                return "";
            }
            return skipped.size() + " of " + (skipped.size() + values.size())
                    + " images could not be read and were left out: "
                    + String.join("; ", skipped.subList(0, Math.min(3, skipped.size())))
                    + (skipped.size() > 3 ? "; ..." : "");
        }
    }

    public static <T> Result<T> decode(List<LabelledImage> images, boolean skipBadImages,
                                       Function<Pixels, T> transform) {
        return decode(images, skipBadImages, (index, pixels) -> transform.apply(pixels));
    }

    /** As above, the transform also given the image's index in the split (to write into a shared array). */
    public static <T> Result<T> decode(List<LabelledImage> images, boolean skipBadImages,
                                       BiFunction<Integer, Pixels, T> transform) {
        @SuppressWarnings("unchecked")
        T[] values = (T[]) new Object[images.size()];
        DataFormatException[] errors = new DataFormatException[images.size()];
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                values[i] = transform.apply(i, images.get(i).image().decode());
            } catch (DataFormatException e) {
                errors[i] = e;
            }
        });
        if (!skipBadImages) {
            for (DataFormatException error : errors) {
                if (error != null) {
                    throw error; // the first in split order, whichever thread met it first
                }
            }
        }
        List<T> kept = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (errors[i] != null) {
                skipped.add(errors[i].getMessage());
            } else {
                kept.add(values[i]);
                indices.add(i);
            }
        }
        int[] index = indices.stream().mapToInt(Integer::intValue).toArray();
        int[] labels = IntStream.of(index).map(i -> images.get(i).label()).toArray();
        return new Result<>(kept, labels, index, skipped);
    }
}
