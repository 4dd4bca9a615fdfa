package io.evomerge.data;

import java.util.Objects;

/**
 * An image task's reading options: how missing splits are carved ({@link HoldOut}), and whether an unreadable image
 * stops the task (the default) or is counted, reported and left out ({@code skip_bad_images: true}).
 */
public record ImageOptions(HoldOut holdOut, boolean skipBadImages) {

    public static final ImageOptions DEFAULT = new ImageOptions(HoldOut.PAPER, false);

    public ImageOptions {
        Objects.requireNonNull(holdOut, "holdOut");
    }
}
