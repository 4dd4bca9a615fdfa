package io.evomerge.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian {@code fortunes} / {@code fortunes-min}: {@code usr/share/games/fortunes/<category>},
 * entries separated by lines holding only {@code %}. The category is the topic label.
 */
final class FortuneFiles {

    static final List<String> CATEGORIES = List.of("computers", "food", "politics", "science");
    /** Long entries (poems, dialogues) are dropped to keep the task about short texts. */
    static final int MAX_CHARS = 500;

    private FortuneFiles() {
    }

    static List<LabelledText> read(Path extractedDebs) throws IOException {
        List<LabelledText> fortunes = new ArrayList<>();
        for (String category : CATEGORIES) {
            Path file = extractedDebs.resolve("usr/share/games/fortunes/" + category);
            String content = Files.readString(file, StandardCharsets.UTF_8);
            for (String entry : parse(content)) {
                fortunes.add(new LabelledText(entry, category));
            }
        }
        return fortunes;
    }

    /** Entries of one fortune file, overstrike (x BACKSPACE y) removed, whitespace collapsed. */
    static List<String> parse(String content) {
        List<String> entries = new ArrayList<>();
        for (String entry : content.split("(?m)^%\\n")) {
            String text = entry.replaceAll(".\b", "").replaceAll("\\s+", " ").strip();
            if (!text.isEmpty() && text.length() <= MAX_CHARS) {
                entries.add(text);
            }
        }
        return entries;
    }
}
