package io.ostflow.ingest.service;

import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Puts a site folder into the landing bucket as it is, without notifying anyone. */
final class LandingUploads {
    private LandingUploads() {}

    static void put(ObjectStore store, String site, Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                store.put(
                        ObjectKeys.LANDING_BUCKET,
                        site
                                + "/"
                                + folder.relativize(f).toString().replace(File.separatorChar, '/'),
                        Files.readAllBytes(f),
                        "application/octet-stream");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
