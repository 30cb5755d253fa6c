package io.ostflow.ingest.service;

import io.ostflow.common.dataset.DatasetDescriptor;
import io.ostflow.common.events.DatasetRegistered;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.ingest.domain.CaseFiles;
import io.ostflow.ingest.domain.DropStructure;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where an imported drop came from: its dataset.json's {@code ostflow.imported} and the subject id
 * of each of its cases from the site's {@code subjects.csv} (written by {@code ostflow import};
 * {@code case,subject} lines). The mapping is context, not data: a missing, oversized or malformed
 * file gives an empty mapping, never a rejection; rows of cases the drop does not hold are dropped.
 */
final class ImportProvenance {
    /** The most bytes of subjects.csv read (a FeTS site of 511 subjects needs 15 KB). */
    static final int MAX_BYTES = 256 * 1024;

    private final ObjectStore store;
    private final String bucket;

    ImportProvenance(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** The provenance of an imported drop; null for a drop written by hand. */
    DatasetRegistered.Imported of(DropStructure structure) {
        DatasetDescriptor d = structure.descriptor();
        if (d == null || d.ostflow() == null || d.ostflow().imported() == null) {
            return null;
        }
        DatasetDescriptor.ImportSource source = d.ostflow().imported();
        return new DatasetRegistered.Imported(
                source.format(), source.release(), subjects(structure));
    }

    private Map<String, String> subjects(DropStructure structure) {
        String key = structure.site() + "/subjects.csv";
        var stat = store.stat(bucket, key);
        if (stat.isEmpty() || stat.get().size() > MAX_BYTES) {
            return Map.of();
        }
        Set<String> cases = new HashSet<>();
        structure.allCases().stream().map(CaseFiles::caseId).forEach(cases::add);
        Map<String, String> subjects = new TreeMap<>();
        String text = new String(store.get(bucket, key), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split(",", 2);
            if (fields.length == 2 && cases.contains(fields[0])) {
                subjects.put(fields[0], fields[1]);
            }
        }
        return subjects;
    }
}
