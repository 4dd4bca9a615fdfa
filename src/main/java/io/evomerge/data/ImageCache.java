package io.evomerge.data;

import io.evomerge.IoErrors;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Preprocessed image tensors per split and preprocessing, kept on disk (default {@code ~/.cache/evomerge/images},
 * or the system property {@code evomerge.cache}/images) and in memory, so a search decodes each image once. The key
 * hashes the preprocessing, the bad-image policy, and the split's content: the pixels of images read from record
 * files (CIFAR-10, IDX) and the path, size and modification time of image files, so editing a file or a setting
 * makes a new entry. Files are written to a temp file and renamed, never left half-written under their name; one
 * that fails its size check is rebuilt.
 */
public final class ImageCache {

    private static final int MAGIC = 0x45564931; // "EVI1"
    private final Path root;
    private final Map<String, ImageTensors> loaded = new ConcurrentHashMap<>();

    public ImageCache(Path root) {
        this.root = root;
    }

    /** {@code evomerge.cache} or {@code ~/.cache/evomerge}, plus {@code images}. */
    public static ImageCache atDefaultLocation() {
        String base = System.getProperty("evomerge.cache",
                Path.of(System.getProperty("user.home"), ".cache", "evomerge").toString());
        return new ImageCache(Path.of(base, "images"));
    }

    /** The file an entry lives in. */
    public Path file(ImageSplit split, ImagePreprocessing preprocessing, boolean skipBadImages) {
        return root.resolve(split.task().name() + "-" + split.name().fileStem() + "-"
                + key(split, preprocessing, skipBadImages) + ".bin");
    }

    /** The split's tensors: from memory, else from disk, else decoded in parallel, preprocessed and stored. */
    public ImageTensors load(ImageSplit split, ImagePreprocessing preprocessing, boolean skipBadImages) {
        Path file = file(split, preprocessing, skipBadImages);
        ImageTensors held = loaded.get(file.toString());
        if (held != null) {
            return held;
        }
        ImageTensors tensors = Files.isRegularFile(file) ? read(file) : null;
        if (tensors == null) {
            tensors = build(split, preprocessing, skipBadImages);
            write(file, tensors);
        }
        loaded.put(file.toString(), tensors);
        return tensors;
    }

    /**
     * Decodes and preprocesses straight into one array (the shape is the first readable image's), so a split
     * costs its tensor's memory once, not twice; at most 2^31 floats (e.g. 14,000 images at 224×224).
     */
    private static ImageTensors build(ImageSplit split, ImagePreprocessing preprocessing, boolean skipBadImages) {
        List<LabelledImage> images = split.images();
        int[] shape = {0, 0};
        for (LabelledImage image : images) {
            try {
                Pixels first = image.image().decode();
                shape = preprocessing.outputShape(first.width(), first.height());
                break;
            } catch (DataFormatException e) {
                if (!skipBadImages) {
                    throw e;
                }
            }
        }
        int size = 3 * shape[0] * shape[1];
        if ((long) size * images.size() > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(split.task().name() + " " + split.name().fileStem(), images.size()
                    + " images of 3x" + shape[0] + "x" + shape[1] + " exceed one tensor's 2^31 floats; take a"
                    + " train_subset or a smaller crop", null);
        }
        float[] pixels = new float[size * images.size()];
        ImageDecoding.Result<Boolean> decoded = ImageDecoding.decode(images, skipBadImages, (index, image) -> {
            float[] values = preprocessing.apply(image);
            if (values.length != size) {
                throw new DataFormatException(images.get(index).image().name(), "preprocessed to another size"
                        + " than the split's first image; resize and crop to one size (do_center_crop)", null);
            }
            System.arraycopy(values, 0, pixels, index * size, size);
            return Boolean.TRUE;
        });
        int[] kept = decoded.indices();
        if (kept.length < images.size()) { // close the gaps the skipped images left, in order
            for (int i = 0; i < kept.length; i++) {
                System.arraycopy(pixels, kept[i] * size, pixels, i * size, size);
            }
        }
        return new ImageTensors(kept.length, shape[0], shape[1],
                kept.length < images.size() ? Arrays.copyOf(pixels, kept.length * size) : pixels,
                decoded.labels(), kept, decoded.skipped(), false);
    }

    /** The entry in {@code file}, or null when it is damaged (wrong magic, sizes or length): then it is rebuilt. */
    private static ImageTensors read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long fileSize = Files.size(file);
            if (fileSize < 20 || in.readInt() != MAGIC) {
                return null;
            }
            int count = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            int skippedCount = in.readInt();
            long floats = (long) count * 3 * height * width;
            if (count < 0 || height < 0 || width < 0 || skippedCount < 0 || floats > Integer.MAX_VALUE - 8
                    || fileSize < 20 + 8L * count + 4 * floats) {
                return null;
            }
            int[] labels = new int[count];
            int[] indices = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readInt();
            }
            for (int i = 0; i < count; i++) {
                indices[i] = in.readInt();
            }
            long headerSize = 20 + 8L * count;
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < skippedCount; i++) {
                int length = in.readInt();
                if (length < 0 || length > fileSize) {
                    return null;
                }
                skipped.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                headerSize += 4 + length;
            }
            if (fileSize != headerSize + 4 * floats) {
                return null;
            }
            float[] pixels = new float[(int) floats];
            byte[] chunk = new byte[1 << 22];
            for (int from = 0; from < pixels.length; from += chunk.length / 4) {
                int length = Math.min(chunk.length / 4, pixels.length - from);
                in.readFully(chunk, 0, 4 * length);
                ByteBuffer.wrap(chunk, 0, 4 * length).order(ByteOrder.BIG_ENDIAN).asFloatBuffer()
                        .get(pixels, from, length);
            }
            return new ImageTensors(count, height, width, pixels, labels, indices, skipped, true);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or damaged: rebuilt and rewritten
        }
    }

    private static void write(Path file, ImageTensors tensors) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(head)) {
                out.writeInt(MAGIC);
                out.writeInt(tensors.count());
                out.writeInt(tensors.height());
                out.writeInt(tensors.width());
                out.writeInt(tensors.skipped().size());
                for (int label : tensors.labels()) {
                    out.writeInt(label);
                }
                for (int index : tensors.indices()) {
                    out.writeInt(index);
                }
                for (String skipped : tensors.skipped()) {
                    byte[] text = skipped.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(text.length);
                    out.write(text);
                }
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(channel, ByteBuffer.wrap(head.toByteArray()));
                ByteBuffer chunk = ByteBuffer.allocate(1 << 22).order(ByteOrder.BIG_ENDIAN);
                float[] pixels = tensors.pixels();
                for (int from = 0; from < pixels.length; from += chunk.capacity() / 4) {
                    int length = Math.min(chunk.capacity() / 4, pixels.length - from);
                    chunk.clear();
                    chunk.asFloatBuffer().put(pixels, from, length);
                    chunk.limit(4 * length);
                    writeFully(channel, chunk);
                }
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot write the image cache (" + IoErrors.reason(e)
                    + ")", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the rename happened or the write failed; either way nothing more to do
                }
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String key(ImageSplit split, ImagePreprocessing preprocessing, boolean skipBadImages) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((MAGIC + "|" + preprocessing.hash() + "|" + skipBadImages + "|" + split.task().labelNames()
                    + "|").getBytes(StandardCharsets.UTF_8));
            for (LabelledImage image : split.images()) {
                digest.update(ByteBuffer.allocate(4).putInt(image.label()).array());
                switch (image.image()) {
                    case ImageRef.Decoded decoded -> digest.update(decoded.pixels().data());
                    case ImageRef.File file -> digest.update(fileStamp(file.path()));
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Path, size and modification time (at the file system's full precision) of an image file. */
    private static byte[] fileStamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return (file.toAbsolutePath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime() + "|")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot read (" + IoErrors.reason(e) + ")", e);
        }
    }
}
