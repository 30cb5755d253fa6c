package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import io.ostflow.local.support.Pause;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ostflow audit TARGET...}: schedules an audit of the targets' plans (POST /api/audits) and,
 * with {@code --wait}, follows it until every job has a result.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Schedules an audit: for each target the jobs of the paper's Tables 1, 3 and 4 (scratch,",
            "direct, the OST path, every connected source and admissible path, random baselines) on",
            "every seed, through the normal job topic. Prints the audit id; `ostflow report ID`",
            "writes its tables and charts."
        })
final class AuditCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TARGET", description = "target task ids")
    List<String> targets;

    @Option(names = "--seeds", description = "training seeds (default: the planner's, 3)")
    Integer seeds;

    @Option(
            names = "--grid-limit",
            description = "the most sources and paths per target, cheapest first (default: all)")
    Integer gridLimit;

    @Option(
            names = "--ranking",
            split = ",",
            paramLabel = "RANKING",
            description =
                    "the planner rankings the report replays on the trained grid: affinity,"
                            + " transferability (default: both; transferability trains at least"
                            + " its shortlist)")
    List<String> rankings;

    @Option(names = "--random-draws", description = "draws of each random baseline (default 10)")
    Integer randomDraws;

    @Option(names = "--wait", description = "follow the audit until every job has a result")
    boolean await;

    @Mixin PlannerOption planner;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PlannerClient client = planner.client();
        ObjectNode body = Json.mapper().createObjectNode();
        body.putPOJO("targets", targets);
        if (seeds != null) {
            body.put("seeds", seeds);
        }
        if (rankings != null) {
            body.putPOJO("rankings", rankings);
        }
        if (gridLimit != null) {
            body.put("gridLimit", gridLimit);
        }
        if (randomDraws != null) {
            body.put("randomDraws", randomDraws);
        }
        JsonNode answer = client.post("/api/audits", body.toString());
        String id = answer.get("auditId").asText();
        var out = spec.commandLine().getOut();
        out.printf(
                "%s %s (%d jobs enqueued)%n",
                answer.get("created").asBoolean() ? "scheduled" : "already scheduled",
                id,
                answer.get("jobsEnqueued").asInt());
        if (await) {
            follow(client, id);
        }
        return 0;
    }

    private void follow(PlannerClient client, String id) {
        var out = spec.commandLine().getOut();
        String last = "";
        while (true) {
            JsonNode report = client.get("/api/audits/" + id);
            JsonNode jobs = report.get("jobs");
            String line =
                    String.format(
                            "%s: %d of %d jobs finished, %d failed",
                            id,
                            jobs.get("completed").asInt() + jobs.get("failed").asInt(),
                            jobs.get("total").asInt(),
                            jobs.get("failed").asInt());
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            if (report.get("state").asText().equals("completed")) {
                return;
            }
            Pause.millis(5_000);
        }
    }
}
