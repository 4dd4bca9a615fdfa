package io.evomerge.cli;

import io.evomerge.EvomergeException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes written the way users write them: 5GB, 500MB, 2GiB, 512m (as java -Xmx: k, m, g are binary), 1000000;
 * and, where an option takes one, a share of the heap: 25%. Counts take decimal suffixes: 50M.
 */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(GIB|MIB|KIB|GB|MB|KB|G|M|K|B)?");
    private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMG])?");
    private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)%");

    private Sizes() {
    }

    /** Bytes, or 0 when {@code text} is null (no limit). */
    static long parse(String text, String option) {
        if (text == null) return 0;
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        double v = m.matches() ? Double.parseDouble(m.group(1)) * unit(m.group(2)) : 0;
        if (!(v >= 1) || v > Long.MAX_VALUE) {
            throw new EvomergeException(option + ": '" + text + "' is not a size; give e.g. 5GB, 500MB, 2GiB or 512m");
        }
        return (long) v;
    }

    /** Bytes, or for {@code N%} that share of {@code heap} bytes (N in (0, 100]). */
    static long parseOrShare(String text, String option, long heap) {
        Matcher m = SHARE.matcher(text.trim());
        if (!m.matches() && !text.trim().endsWith("%")) return parse(text, option);
        double share = m.matches() ? Double.parseDouble(m.group(1)) : 0;
        if (!(share > 0 && share <= 100)) {
            throw new EvomergeException(option + ": '" + text + "' is not a share of the heap; give a percentage in"
                    + " (0, 100] such as 25%, or a size such as 512m");
        }
        return (long) (heap * share / 100);
    }

    /** A count written with an optional decimal suffix: 50M, 1.5G, 800K, 1000. */
    static long count(String text, String option) {
        Matcher m = COUNT.matcher(text.trim().toUpperCase(Locale.ROOT));
        double v = m.matches() ? Double.parseDouble(m.group(1)) * switch (m.group(2) == null ? "" : m.group(2)) {
            case "G" -> 1e9;
            case "M" -> 1e6;
            case "K" -> 1e3;
            default -> 1;
        } : 0;
        if (!(v >= 1) || v > Long.MAX_VALUE) {
            throw new EvomergeException(option + ": '" + text + "' is not a count; give e.g. 50M, 800K or 1000");
        }
        return (long) v;
    }

    private static long unit(String suffix) {
        return switch (suffix == null ? "B" : suffix) {
            case "GIB", "G" -> 1L << 30;
            case "MIB", "M" -> 1L << 20;
            case "KIB", "K" -> 1L << 10;
            case "GB" -> 1_000_000_000L;
            case "MB" -> 1_000_000L;
            case "KB" -> 1_000L;
            default -> 1L;
        };
    }
}
