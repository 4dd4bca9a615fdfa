package io.evomerge.data;

import io.evomerge.IoErrors;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    private static ImageTensors build(ImageSplit split, ImagePreprocessing preprocessing, boolean skipBadImages) {
        ImageDecoding.Result<Shaped> decoded = ImageDecoding.decode(split.images(), skipBadImages,
                pixels -> new Shaped(preprocessing.outputShape(pixels.width(), pixels.height()),
                        preprocessing.apply(pixels)));
        List<Shaped> values = decoded.values();
        int[] shape = values.isEmpty() ? new int[] {0, 0} : values.getFirst().shape();
        int size = 3 * shape[0] * shape[1];
        float[] pixels = new float[values.size() * size];
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).values().length != size) {
                throw new DataFormatException(split.images().get(decoded.indices()[i]).image().name(),
                        "preprocessed to another size than the split's first image; resize and crop to one size"
                                + " (do_center_crop)", null);
            }
            System.arraycopy(values.get(i).values(), 0, pixels, i * size, size);
        }
        return new ImageTensors(values.size(), shape[0], shape[1], pixels, decoded.labels(), decoded.indices(),
                decoded.skipped(), false);
    }

    /** One preprocessed image and its {height, width}. */
    private record Shaped(int[] shape, float[] values) {
    }

    private static ImageTensors read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.BIG_ENDIAN);
            if (channel.size() < 20 || buffer.getInt() != MAGIC) {
                return null;
            }
            int count = buffer.getInt();
            int height = buffer.getInt();
            int width = buffer.getInt();
            int skippedCount = buffer.getInt();
            long expectedFloats = (long) count * 3 * height * width;
            if (count < 0 || skippedCount < 0 || buffer.remaining() < 8L * count + 4L * expectedFloats) {
                return null;
            }
            int[] labels = new int[count];
            int[] indices = new int[count];
            buffer.asIntBuffer().get(labels);
            buffer.position(buffer.position() + 4 * count);
            buffer.asIntBuffer().get(indices);
            buffer.position(buffer.position() + 4 * count);
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < skippedCount; i++) {
                byte[] text = new byte[buffer.getInt()];
                buffer.get(text);
                skipped.add(new String(text, StandardCharsets.UTF_8));
            }
            if (buffer.remaining() != 4 * expectedFloats) {
                return null;
            }
            float[] pixels = new float[(int) expectedFloats];
            buffer.asFloatBuffer().get(pixels);
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
            try (OutputStream raw = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
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
                for (float value : tensors.pixels()) {
                    out.writeFloat(value);
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
