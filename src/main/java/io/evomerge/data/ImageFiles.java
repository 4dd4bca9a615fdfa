package io.evomerge.data;

import io.evomerge.IoErrors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decodes PNG, JPEG, BMP and GIF files with javax.imageio; a damaged file is an error naming it, never a blank. */
public final class ImageFiles {

    /** File name endings read as images (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFiles() {
    }

    /** Whether the file name ends in one of {@link #EXTENSIONS}, in any case. */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The first frame of the file. The reader's warnings count as errors: ImageIO's JPEG reader returns a
     * truncated file as a partly grey image with only a warning ("Premature end of JPEG file").
     */
    public static Pixels decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), "no such image file", null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(file.toString(), "not a PNG, JPEG, BMP or GIF image", null);
            }
            ImageReader reader = readers.next();
            try {
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataFormatException(file.toString(), "damaged image (" + warnings.getFirst() + ")",
                            null);
                }
                return Pixels.of(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "unreadable image (" + IoErrors.reason(e) + ")", e);
        } catch (RuntimeException e) {
            if (e instanceof DataFormatException) {
                throw e;
            }
            // ImageIO's decoders throw unchecked exceptions (ArrayIndexOutOfBounds, ...) on some damaged files
            throw new DataFormatException(file.toString(), "damaged image (" + e + ")", e);
        }
    }
}
