package io.ostflow.local.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * FeTS 2022's {@code partitioning_1.csv} / {@code partitioning_2.csv}: a header {@code
 * Partition_ID,Subject_ID}, then one subject per line; subjects keep the file's order per
 * partition.
 */
final class PartitioningCsv {
    private PartitioningCsv() {}

    static Map<Integer, List<String>> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (lines.isEmpty()
                || !lines.get(0).replace(" ", "").startsWith("Partition_ID,Subject_ID")) {
            throw new IllegalArgumentException(
                    csv
                            + " is not a FeTS partitioning: its header must be Partition_ID,Subject_ID");
        }
        Map<Integer, List<String>> partitions = new TreeMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length < 2) {
                throw new IllegalArgumentException(csv + " line " + (i + 1) + ": " + line);
            }
            int partition;
            try {
                partition = Integer.parseInt(fields[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        csv + " line " + (i + 1) + ": partition '" + fields[0] + "' is no number");
            }
            partitions.computeIfAbsent(partition, p -> new ArrayList<>()).add(fields[1].trim());
        }
        return partitions;
    }
}
