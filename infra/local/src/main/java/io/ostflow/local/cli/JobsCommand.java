package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the training jobs (planner API). With JOB: that job, each training stage",
            "with its steps, what learnt, its validation curve and the checkpoint it kept."
        })
final class JobsCommand extends ApiTableCommand {
    @Parameters(arity = "0..1", paramLabel = "JOB", description = "one job, in detail")
    String job;

    String path() {
        return job == null
                ? "/api/jobs"
                : "/api/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() {
        if (job == null || json) {
            return super.call();
        }
        JsonNode view = fetch();
        var out = spec.commandLine().getOut();
        out.printf(
                "%s  %s  %s  %s  Dice %s  validation %s%n",
                text(view, "id"),
                text(view, "kind"),
                text(view, "target"),
                text(view, "state"),
                number(view.get("metrics"), "dice"),
                number(view, "validationDice"));
        for (JsonNode stage : view.path("outcomes")) {
            List<String> curve = new ArrayList<>();
            stage.path("validationDice")
                    .forEach(d -> curve.add(String.format("%.3f", d.asDouble())));
            out.printf(
                    "  stage %s %-8s %-14s %s cases (+%s validating), %s steps, %s (%s parameters)%s%n"
                            + "    validation %s, kept step %s, %s skipped steps%n",
                    text(stage, "stage"),
                    text(stage, "type"),
                    text(stage, "task"),
                    text(stage, "cases"),
                    text(stage, "validationCases"),
                    text(stage, "steps"),
                    text(stage, "trained"),
                    text(stage, "trainedParameters"),
                    stage.path("reused").asBoolean() ? ", reused" : "",
                    curve.isEmpty() ? "none" : String.join(" ", curve),
                    text(stage, "bestStep"),
                    text(stage, "skippedSteps"));
        }
        return 0;
    }

    List<Column> columns() {
        return List.of(
                new Column("job", r -> text(r, "id")),
                new Column("target", r -> text(r, "target")),
                new Column("kind", r -> text(r, "kind")),
                new Column("state", r -> text(r, "state")),
                new Column(
                        "cases",
                        r ->
                                r.path("budget").isObject()
                                        ? r.get("budget").path("sourceCases").asInt()
                                                + "+"
                                                + r.get("budget").path("targetCases").asInt()
                                        : ""),
                new Column(
                        "progress",
                        r -> String.format("%.0f%%", 100 * r.get("progress").asDouble())),
                new Column("Dice", r -> number(r.get("metrics"), "dice")),
                new Column("IoU", r -> number(r.get("metrics"), "iou")));
    }
}
