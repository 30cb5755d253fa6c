package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.events.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's result: held-out Dice per target and job kind, the recommended model (chosen on
 * validation, its held-out Dice beside), the plan's path, and the mean per column.
 */
final class DiceTable {
    private static final List<JobKind> COLUMNS =
            List.of(JobKind.SCRATCH, JobKind.DIRECT, JobKind.SEQUENTIAL);

    private DiceTable() {}

    /** The table's lines; a missing or failed job shows as NaN and is left out of the mean. */
    static List<String> lines(JsonNode plans, List<JsonNode> jobs, JsonNode recommendations) {
        Map<String, JsonNode> recommended = new TreeMap<>();
        recommendations.forEach(r -> recommended.put(r.get("target").asText(), r));
        Map<String, Map<String, Double>> dice = new TreeMap<>();
        for (JsonNode job : jobs) {
            JsonNode d = job.get("metrics").get("dice");
            dice.computeIfAbsent(job.get("target").asText(), k -> new TreeMap<>())
                    .put(
                            job.get("kind").asText(),
                            d == null || d.isNull() ? Double.NaN : d.asDouble());
        }
        Map<String, String> paths = new TreeMap<>();
        for (JsonNode plan : plans) {
            List<String> steps = new ArrayList<>();
            plan.get("path").forEach(p -> steps.add(p.asText()));
            paths.put(plan.get("target").asText(), String.join(" -> ", steps));
        }
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        "%-14s %8s %8s %11s %11s %8s   %s",
                        "target", "scratch", "direct", "sequential", "use", "its Dice", "path"));
        double[] sums = new double[COLUMNS.size() + 1];
        int[] counts = new int[COLUMNS.size() + 1];
        for (Map.Entry<String, Map<String, Double>> row : dice.entrySet()) {
            double[] values = new double[COLUMNS.size()];
            for (int k = 0; k < COLUMNS.size(); k++) {
                values[k] = row.getValue().getOrDefault(COLUMNS.get(k).wire(), Double.NaN);
                if (!Double.isNaN(values[k])) {
                    sums[k] += values[k];
                    counts[k]++;
                }
            }
            JsonNode use = recommended.get(row.getKey());
            boolean chosen =
                    use != null && !use.path("kind").isNull() && !use.path("kind").isMissingNode();
            double usedDice = chosen ? use.get("heldOutDice").asDouble() : Double.NaN;
            if (chosen) {
                sums[COLUMNS.size()] += usedDice;
                counts[COLUMNS.size()]++;
            }
            lines.add(
                    String.format(
                            "%-14s %8.4f %8.4f %11.4f %11s %8.4f   %s",
                            row.getKey(),
                            values[0],
                            values[1],
                            values[2],
                            chosen ? use.get("kind").asText() : "-",
                            usedDice,
                            paths.getOrDefault(row.getKey(), "")));
        }
        lines.add(
                String.format(
                        "%-14s %8.4f %8.4f %11.4f %11s %8.4f",
                        "mean",
                        mean(sums[0], counts[0]),
                        mean(sums[1], counts[1]),
                        mean(sums[2], counts[2]),
                        "",
                        mean(sums[3], counts[3])));
        return lines;
    }

    private static double mean(double sum, int n) {
        return n == 0 ? Double.NaN : sum / n;
    }
}
