package io.ostflow.local.importer;

import io.ostflow.common.Json;
import io.ostflow.common.Role;
import io.ostflow.common.dataset.DatasetDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One site folder of an import, in nnU-Net v2 raw layout: the readable subjects become {@code
 * case000}, {@code case001}, ... in the order given, the last {@code testCases} of them held out in
 * {@code imagesTs}/{@code labelsTs} (at least one stays for training), then {@code dataset.json}
 * and {@code subjects.csv}, which maps every case back to its subject id in the release.
 */
final class SiteFolder {
    private SiteFolder() {}

    /** Writes one case's channels and label map into the given images and labels folders. */
    @FunctionalInterface
    interface CaseWriter {
        void write(String subject, String caseId, Path images, Path labels) throws IOException;
    }

    /**
     * @param descriptor dataset.json from the numbers of training and held-out cases
     */
    static Path write(
            Path folder,
            List<String> subjects,
            int testCases,
            CaseWriter cases,
            BiFunction<Integer, Integer, DatasetDescriptor> descriptor) {
        int heldOut = Math.min(testCases, Math.max(0, subjects.size() - 1));
        int training = subjects.size() - heldOut;
        StringBuilder mapping = new StringBuilder("case,subject\n");
        try {
            for (int k = 0; k < subjects.size(); k++) {
                String caseId = String.format("case%03d", k);
                boolean test = k >= training;
                cases.write(
                        subjects.get(k),
                        caseId,
                        Files.createDirectories(folder.resolve(test ? "imagesTs" : "imagesTr")),
                        Files.createDirectories(folder.resolve(test ? "labelsTs" : "labelsTr")));
                mapping.append(caseId).append(',').append(subjects.get(k)).append('\n');
            }
            Files.createDirectories(folder);
            Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(
                            folder.resolve("dataset.json").toFile(),
                            descriptor.apply(training, heldOut));
            Files.writeString(folder.resolve("subjects.csv"), mapping);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the site folder " + folder, e);
        }
        return folder;
    }

    /**
     * Marks each written site folder's dataset.json as imported from {@code source}: the ingest
     * carries it, with subjects.csv's mapping, into the site's registration.
     */
    static void markImported(List<Path> folders, DatasetDescriptor.ImportSource source) {
        for (Path folder : folders) {
            Path file = folder.resolve("dataset.json");
            try {
                DatasetDescriptor written =
                        Json.mapper().readValue(file.toFile(), DatasetDescriptor.class);
                Json.mapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValue(file.toFile(), written.withImported(source));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mark " + file + " as imported", e);
            }
        }
    }

    /** dataset.json of a one-site release from its site, role and case counts. */
    @FunctionalInterface
    interface Descriptor {
        DatasetDescriptor of(String site, Role role, int training, int heldOut);
    }

    /**
     * A release that becomes one site (msd, iseg2019): its readable subjects written as site {@code
     * number} (a target keeps its last {@code testCases} held out), marked as imported from {@code
     * format}; none readable: nothing written, and said.
     */
    static ImportResult writeOneSite(
            Path source,
            String format,
            int number,
            boolean target,
            int testCases,
            List<String> readable,
            List<String> problems,
            Path out,
            CaseWriter cases,
            Descriptor descriptor) {
        String site = String.format("%02d", number);
        if (readable.isEmpty()) {
            problems.add("site " + site + ": nothing readable; the site is not written");
            return new ImportResult(List.of(), problems);
        }
        Role role = target ? Role.TARGET : Role.SOURCE;
        Path folder =
                write(
                        out.resolve(site),
                        readable,
                        target ? testCases : 0,
                        cases,
                        (training, heldOut) -> descriptor.of(site, role, training, heldOut));
        markImported(
                List.of(folder),
                new DatasetDescriptor.ImportSource(format, source.getFileName().toString()));
        return new ImportResult(List.of(folder), problems);
    }
}
