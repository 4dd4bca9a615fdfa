package io.evomerge.model;

import io.evomerge.config.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One dataset's entry of a prompts file: {@code DATASET: {classes: [...], templates: [...]}}, class names in the
 * dataset's label order and templates with {@value ZeroShotHead#PLACEHOLDER} where the class name goes.
 */
public record ZeroShotPrompts(List<String> classes, List<String> templates) {

    /** The entry {@code spec.name()} of the prompts file {@code spec.file()}; errors name that file's keys. */
    public static ZeroShotPrompts read(HeadSpec spec) {
        YamlNode root = YamlNode.read(spec.file());
        if (!root.has(spec.name())) {
            throw spec.error(spec.kind().nameKey(), "'" + spec.name() + "' is not in " + spec.file() + " (it has "
                    + root.keys() + ")");
        }
        YamlNode entry = root.mapping(spec.name());
        entry.onlyKeys(List.of("classes", "templates"));
        List<String> classes = texts(entry, "classes");
        Set<String> seen = new HashSet<>();
        for (String c : classes) {
            if (!seen.add(c)) {
                throw entry.error("classes", "'" + c + "' is listed twice");
            }
        }
        if (classes.size() < 2) {
            throw entry.error("classes", "has " + classes.size() + " class; a classifier needs at least 2");
        }
        List<String> templates = texts(entry, "templates");
        for (String t : templates) {
            if (!t.contains(ZeroShotHead.PLACEHOLDER)) {
                throw entry.error("templates", "'" + t + "' has no " + ZeroShotHead.PLACEHOLDER
                        + " where the class name goes");
            }
        }
        return new ZeroShotPrompts(classes, templates);
    }

    /**
     * The class names in the order of the task's labels: a label that is one of the class names takes it, a label
     * that is a number 0..N-1 takes the class at that index (folders named by class index); the task must have as
     * many labels as the entry has classes.
     */
    public List<String> classNames(HeadSpec spec, List<String> labels) {
        if (labels.size() != classes.size()) {
            throw spec.error(spec.kind().nameKey(), "'" + spec.name() + "' in " + spec.file() + " has "
                    + classes.size() + " classes but the task has " + labels.size() + " labels; give the entry of"
                    + " this dataset");
        }
        List<String> names = new ArrayList<>();
        for (String label : labels) {
            if (classes.contains(label)) {
                names.add(label);
            } else if (label.matches("\\d{1,6}") && Integer.parseInt(label) < classes.size()) {
                names.add(classes.get(Integer.parseInt(label)));
            } else {
                throw spec.error(spec.kind().nameKey(), "the task's label '" + label + "' is neither a class name of '"
                        + spec.name() + "' in " + spec.file() + " nor a class index 0.." + (classes.size() - 1)
                        + "; name the class folders by class name or by index");
            }
        }
        return names;
    }

    private static List<String> texts(YamlNode entry, String key) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : entry.list(key)) {
            out.add(item.text());
        }
        return out;
    }
}
