package io.evomerge.data;

import io.evomerge.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Whole-file reads of record files (CIFAR-10, IDX), gunzipped when the name ends in {@code .gz}. */
final class RecordFiles {

    private RecordFiles() {
    }

    static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes()
                    : in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot read (" + IoErrors.reason(e) + ")", e);
        }
    }

    /** The first of {@code names} that exists in {@code dir}, each also tried with {@code .gz}; null if none. */
    static Path find(Path dir, List<String> names) {
        for (String name : names) {
            for (String candidate : List.of(name, name + ".gz")) {
                if (Files.isRegularFile(dir.resolve(candidate))) {
                    return dir.resolve(candidate);
                }
            }
        }
        return null;
    }
}
