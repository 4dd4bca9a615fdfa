package io.evomerge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The first 8 bytes of a SHA-256, as 16 hex digits: the project's key for "same settings, same result". */
public final class ShortHash {
    private ShortHash() {
    }

    public static String of(byte[] content) {
        MessageDigest digest = sha256();
        return HexFormat.of().formatHex(digest.digest(content), 0, 8);
    }

    /**
     * The hash of the files' names and contents, in order, wherever they are: the same data copied to another
     * folder gives the same hash. A missing file counts as its name alone.
     */
    public static String ofFiles(List<Path> files) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            digest.update((file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot read (" + e.getMessage() + ")", e);
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
