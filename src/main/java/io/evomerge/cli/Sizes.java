package io.evomerge.cli;

import io.evomerge.EvomergeException;

import java.util.Locale;

/** Byte sizes written the way users write them: 5GB, 500MB, 2GiB, 1000000. */
final class Sizes {
    private Sizes() {
    }

    /** Bytes, or 0 when {@code text} is null (no limit). */
    static long parse(String text, String option) {
        if (text == null) return 0;
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"KIB", "1024"}, {"GB", "1000000000"},
                {"MB", "1000000"}, {"KB", "1000"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0) throw new NumberFormatException();
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new EvomergeException(option + ": '" + text + "' is not a size (e.g. 5GB, 500MB, 2GiB)");
        }
    }
}
