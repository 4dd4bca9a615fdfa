package io.evomerge.data;

import io.evomerge.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads image folders, {@code <class>/<file>}: either under {@code train/}, {@code validation/} and {@code test/}
 * (a missing validation or test split is carved from train by the task's {@link HoldOut}), or one folder of class
 * folders that the hold-out splits three ways. Classes are the folder's {@code task.json} labels when present,
 * else the train class folders sorted by name. Inside a class folder every file must be a PNG, JPEG, BMP or GIF
 * (hidden files, names starting with '.', excepted); files beside the class folders (task.json, LICENSE) are not
 * read. Images are decoded later, when batches are built.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    public static TaskSpec spec(Path dir) {
        Path taskJson = dir.resolve(JsonlReader.TASK_JSON);
        if (Files.isRegularFile(taskJson)) {
            return JsonlReader.readSpec(taskJson);
        }
        List<String> classes = subfolders(hasSplitFolders(dir) ? dir.resolve("train") : dir).stream()
                .map(folder -> folder.getFileName().toString()).toList();
        if (classes.size() < 2) {
            throw new DataFormatException((hasSplitFolders(dir) ? dir.resolve("train") : dir).toString(),
                    "needs at least 2 class folders, found " + classes, null);
        }
        return TaskSpec.classification(dir.getFileName().toString(), classes, Metric.ACCURACY);
    }

    /** Whether the images sit under {@code train/} (and maybe validation/, test/) rather than directly. */
    public static boolean hasSplitFolders(Path dir) {
        return Files.isDirectory(dir.resolve("train"));
    }

    /** Every image file of the task, in reading order. */
    public static List<Path> files(Path dir) {
        TaskSpec spec = spec(dir);
        List<Path> folders = hasSplitFolders(dir) ? Stream.of(SplitName.values())
                .map(split -> dir.resolve(split.fileStem())).filter(Files::isDirectory).toList() : List.of(dir);
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            listFolder(folder, spec).forEach(image -> files.add(((ImageRef.File) image.image()).path()));
        }
        return files;
    }

    public static ImageSplit read(Path dir, SplitName split, HoldOut holdOut) {
        TaskSpec spec = spec(dir);
        if (!hasSplitFolders(dir)) {
            return new ImageSplit(spec, split, holdOut.split(listFolder(dir, spec), true).get(split));
        }
        Path folder = dir.resolve(split.fileStem());
        if (Files.isDirectory(folder)) {
            return new ImageSplit(spec, split, listFolder(folder, spec));
        }
        boolean carveTest = !Files.isDirectory(dir.resolve(SplitName.TEST.fileStem()));
        return new ImageSplit(spec, split, holdOut.split(listFolder(dir.resolve("train"), spec), carveTest)
                .get(split));
    }

    /** The images of one folder of class folders, by class in label order, files sorted by name. */
    private static List<LabelledImage> listFolder(Path folder, TaskSpec spec) {
        List<LabelledImage> images = new ArrayList<>();
        List<Path> classFolders = subfolders(folder);
        for (Path classFolder : classFolders) {
            String name = classFolder.getFileName().toString();
            if (!spec.labelNames().contains(name)) {
                throw new DataFormatException(classFolder.toString(), "class folder '" + name
                        + "' is not one of the task's labels " + spec.labelNames(), null);
            }
        }
        for (int label = 0; label < spec.labelNames().size(); label++) {
            Path classFolder = folder.resolve(spec.labelNames().get(label));
            if (!Files.isDirectory(classFolder)) {
                continue; // a class may have no images in a split
            }
            for (Path file : list(classFolder)) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (!Files.isRegularFile(file) || !ImageFiles.isImage(file)) {
                    throw new DataFormatException(file.toString(), "not a .png, .jpg, .jpeg, .bmp or .gif file;"
                            + " a class folder holds images only", null);
                }
                images.add(new LabelledImage(new ImageRef.File(file), label));
            }
        }
        return images;
    }

    private static List<Path> subfolders(Path folder) {
        return list(folder).stream().filter(Files::isDirectory)
                .filter(path -> !path.getFileName().toString().startsWith(".")).toList();
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new DataFormatException(folder.toString(), "cannot list (" + IoErrors.reason(e) + ")", e);
        }
    }
}
