package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "targets",
        mixinStandardHelpOptions = true,
        description = {
            "The model each target's site should use (planner API): the best validated of its",
            "finished jobs, beside training from scratch, and why. With TASK: that target."
        })
final class TargetsCommand extends ApiTableCommand {
    @Parameters(arity = "0..1", paramLabel = "TASK", description = "one target task")
    String task;

    String path() {
        return task == null
                ? "/api/targets"
                : "/api/targets/" + URLEncoder.encode(task, StandardCharsets.UTF_8);
    }

    @Override
    JsonNode fetch() {
        JsonNode rows = super.fetch();
        return rows.isArray() ? rows : Json.mapper().createArrayNode().add(rows);
    }

    List<Column> columns() {
        return List.of(
                new Column("target", r -> text(r, "target")),
                new Column("use", r -> r.path("jobId").isNull() ? "-" : text(r, "jobId")),
                new Column("kind", r -> r.path("kind").isNull() ? "" : text(r, "kind")),
                new Column("path", r -> path(r.path("path"))),
                new Column("validation", r -> number(r, "validationDice")),
                new Column("held-out", r -> number(r, "heldOutDice")),
                new Column("scratch val", r -> number(r.path("scratch"), "validationDice")),
                new Column("scratch held-out", r -> number(r.path("scratch"), "heldOutDice")),
                new Column("why", r -> text(r, "reason")));
    }
}
