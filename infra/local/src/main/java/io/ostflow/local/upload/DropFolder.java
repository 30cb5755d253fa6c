package io.ostflow.local.upload;

import io.ostflow.common.Json;
import io.ostflow.common.TaskId;
import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.storage.ObjectKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A site's drop folder on disk: its dataset.json, its site name and its data files. */
final class DropFolder {
    private DropFolder() {}

    static DatasetDescriptor readDescriptor(Path folder) {
        Path json = folder.resolve(ObjectKeys.DATASET_JSON);
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(
                    folder + " has no dataset.json: not a site drop folder");
        }
        try {
            return Json.mapper().readValue(json.toFile(), DatasetDescriptor.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(json + " is not valid: " + e.getMessage(), e);
        }
    }

    static String chooseSite(Path folder, String override, DatasetDescriptor descriptor) {
        String site = override;
        if (site == null && descriptor.ostflow() != null) {
            site = descriptor.ostflow().site();
        }
        if (site == null) {
            site = folder.toAbsolutePath().normalize().getFileName().toString();
        }
        if (!TaskId.isValidSite(site)) {
            throw new IllegalArgumentException("site '" + site + "' must match [A-Za-z0-9_]+");
        }
        return site;
    }

    static List<Path> dataFiles(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(ObjectKeys.DATASET_JSON))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static byte[] writeDescriptor(DatasetDescriptor descriptor) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(descriptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The landing key of a file of the folder: {@code SITE/relative/path}. */
    static String keyOf(String site, Path folder, Path file) {
        return site + "/" + folder.relativize(file).toString().replace('\\', '/');
    }
}
