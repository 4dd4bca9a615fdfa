package io.evomerge.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Maven {@code org.languagetool:language-en}: the {@code <example>}s of
 * {@code org/languagetool/rules/en/grammar.xml}. An example with a {@code correction} attribute
 * (or {@code type="incorrect"}) is a sentence the rule flags, so "unacceptable"; one without is
 * "acceptable". Only grammar categories are used (spelling, typography and punctuation rules are
 * not about acceptability); {@code type="triggers_error"} examples are skipped.
 */
final class GrammarExamples {

    static final List<String> LABELS = List.of("unacceptable", "acceptable");
    static final Set<String> CATEGORIES = Set.of("GRAMMAR", "COLLOCATIONS");
    static final String ENTRY = "org/languagetool/rules/en/grammar.xml";
    private static final int MIN_WORDS = 3;

    private GrammarExamples() {
    }

    static List<LabelledText> readJar(Path languageEnJar) throws IOException {
        try (ZipFile jar = new ZipFile(languageEnJar.toFile());
             InputStream in = jar.getInputStream(jar.getEntry(ENTRY))) {
            return read(in);
        }
    }

    static List<LabelledText> read(InputStream grammarXml) throws IOException {
        // The JDK's own StAX parser, whatever else the classpath holds (Spark's test-scope jars bring Woodstox,
        // which lacks the jdk.xml property below)
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // the rule file expands its internal entities (word lists) far beyond the JDK's default cap
        factory.setProperty("jdk.xml.totalEntitySizeLimit", "0");
        List<LabelledText> examples = new ArrayList<>();
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(grammarXml);
            String category = "";
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                if (xml.getLocalName().equals("category")) {
                    category = xml.getAttributeValue(null, "id");
                } else if (xml.getLocalName().equals("example")) {
                    String type = xml.getAttributeValue(null, "type");
                    boolean incorrect = xml.getAttributeValue(null, "correction") != null || "incorrect".equals(type);
                    String text = elementText(xml).replaceAll("\\s+", " ").strip();
                    if (CATEGORIES.contains(category) && !"triggers_error".equals(type)
                            && text.split(" ").length >= MIN_WORDS) {
                        examples.add(new LabelledText(text, incorrect ? "unacceptable" : "acceptable"));
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException("cannot parse " + ENTRY + ": " + e.getMessage(), e);
        }
        return examples;
    }

    /** All text inside the current element, markers included, leaving the reader on its end tag. */
    private static String elementText(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamReader.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamReader.CHARACTERS || event == XMLStreamReader.CDATA) {
                text.append(xml.getText());
            }
        }
        return text.toString();
    }
}
