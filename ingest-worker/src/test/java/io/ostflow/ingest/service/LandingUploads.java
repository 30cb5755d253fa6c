package io.ostflow.ingest.service;

import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.fingerprint.StageTimes;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.nifti.NiftiReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;

/**
 * What the ingest's S3 tests share: a site folder put into the landing bucket as it is (no one
 * notified), and a case processor on the real buckets with a small grid.
 */
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

    static CaseProcessor cases(ObjectStore store, ExecutorService io, MemoryBudget budget) {
        return new CaseProcessor(
                store,
                ObjectKeys.LANDING_BUCKET,
                ObjectKeys.FEATURES_BUCKET,
                new NiftiReader(1 << 30, true),
                new Fingerprinter(8, 0.9),
                1e-4,
                new StageTimes(),
                io,
                budget);
    }
}
