package io.evomerge.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted with {@code "}, a quote inside a
 * quoted field written {@code ""}, quoted fields may span lines. Records end at CR LF or LF.
 */
final class CsvRecords {

    /** One record and the line it starts on (1-based). */
    record Row(long line, List<String> fields) {
    }

    private final Reader in;
    private final Path file;
    private long line = 1;
    private int peeked = -2;

    CsvRecords(Reader in, Path file) {
        this.in = in;
        this.file = file;
    }

    /** The next record, or null at end of input. */
    Row next() throws IOException {
        if (peek() == -1) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            int c = read();
            if (quoted) {
                if (c == -1) {
                    throw new DataFormatException(file, start, "quoted field is not closed before end of file");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                        int after = peek();
                        if (after != ',' && after != '\n' && after != '\r' && after != -1) {
                            throw new DataFormatException(file, line, "text after closing quote");
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (c == '"') {
                throw new DataFormatException(file, line, "quote inside an unquoted field");
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '\n' || c == '\r' || c == -1) {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                fields.add(field.toString());
                return new Row(start, fields);
            } else {
                field.append((char) c);
                fieldStart = false;
            }
        }
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        // count a line at LF, and at a CR not followed by LF
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
        }
        return c;
    }
}
