package io.evomerge.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends evaluations to a search journal, one JSON line each, forced to disk before {@link #append} returns, so a
 * crash loses at most the line being written. Reopening a journal continues it; a torn last line left by a crash
 * is cut off first (the reader would skip it anyway), so the next line does not glue onto it. Thread-safe.
 */
public final class JournalWriter implements Closeable {
    private final FileChannel channel;

    private JournalWriter(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating it and its folders if needed) the journal at {@code file} for appending. */
    public static JournalWriter open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.truncate(endOfLastLine(channel));
            channel.position(channel.size());
            return new JournalWriter(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public synchronized void append(Evaluation evaluation) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(evaluation);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (line.hasRemaining()) channel.write(line);
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** The size up to and including the last newline: what remains after dropping an unterminated tail. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(4096);
        for (long end = channel.size(); end > 0; ) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (channel.read(block, start + block.position()) < 0) throw new IOException("journal shrank while opening");
            }
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (block.get(i) == '\n') return start + i + 1;
            }
            end = start;
        }
        return 0;
    }
}
