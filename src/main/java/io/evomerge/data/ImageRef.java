package io.evomerge.data;

import java.nio.file.Path;

/** Where one image comes from; {@link #decode()} throws {@link DataFormatException} naming it when unreadable. */
public sealed interface ImageRef {

    /** The file, or file and record, that errors and skip reports name. */
    String name();

    Pixels decode();

    /** An image already decoded from a record file (CIFAR-10, IDX). */
    record Decoded(String name, Pixels pixels) implements ImageRef {
        @Override
        public Pixels decode() {
            return pixels;
        }
    }

    /** A PNG, JPEG, BMP or GIF file, decoded when asked. */
    record File(Path path) implements ImageRef {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public Pixels decode() {
            return ImageFiles.decode(path);
        }
    }
}
