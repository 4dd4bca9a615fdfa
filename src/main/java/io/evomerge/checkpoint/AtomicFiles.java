package io.evomerge.checkpoint;

import io.evomerge.IoErrors;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small whole-file writes that never leave a half-written file under the final name (temp file, sync, rename). */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target} atomically. A failure is a {@link FileSystemException} naming the target
     * (not the temp file) with the OS's reason, e.g. "No space left on device"; the temp file is removed.
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Files.write(temp, content);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            FileSystemException named = new FileSystemException(target.toString(), null, IoErrors.reason(e));
            named.initCause(e);
            throw named;
        } finally {
            if (temp != null) Files.deleteIfExists(temp);
        }
    }

    /**
     * Whether {@code file} is one of the temp files {@link #write} (and {@link CheckpointWriter}) make beside their
     * target: {@code .<target name>.<random>.tmp}. A process killed mid-write leaves one behind.
     */
    public static boolean isTemp(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Copies {@code source} to {@code target} atomically. */
    public static void copy(Path source, Path target) throws IOException {
        write(target, Files.readAllBytes(source));
    }
}
