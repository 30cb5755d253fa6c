package io.ostflow.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ostflow tasks|edges|plans|jobs|models|targets|datasets}: what the planner's API says, as a
 * table.
 */
abstract class ApiTableCommand implements Callable<Integer> {
    @Mixin PlannerOption planner;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;

    @Spec CommandSpec spec;

    abstract String path();

    abstract List<Column> columns();

    /** A column: header and how to read it from one JSON row. */
    record Column(String header, Function<JsonNode, String> value) {}

    @Override
    public Integer call() {
        JsonNode rows = fetch();
        if (json) {
            printJson(rows);
        } else {
            print(rows);
        }
        return 0;
    }

    void printJson(JsonNode rows) {
        try {
            spec.commandLine()
                    .getOut()
                    .println(
                            Json.mapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode fetch() {
        return planner.client().get(path());
    }

    /** Prints {@code rows} as a table of {@link #columns()}. */
    void print(JsonNode rows) {
        List<Column> columns = columns();
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).header().length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                line[c] = columns.get(c).value().apply(row);
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        var out = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            header.append(String.format("%-" + (widths[c] + 2) + "s", columns.get(c).header()));
        }
        out.println(header.toString().stripTrailing());
        for (String[] line : cells) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                s.append(String.format("%-" + (widths[c] + 2) + "s", line[c]));
            }
            out.println(s.toString().stripTrailing());
        }
        out.println(cells.size() + " rows");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** A JSON array of task ids as {@code a -> b -> c}. */
    static String path(JsonNode tasks) {
        List<String> steps = new ArrayList<>();
        tasks.forEach(t -> steps.add(t.asText()));
        return String.join(" -> ", steps);
    }

    static String number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : String.format("%.4f", value.asDouble());
    }

    @Command(
            name = "tasks",
            mixinStandardHelpOptions = true,
            description = "Lists the registered tasks (planner API).")
    static final class Tasks extends ApiTableCommand {
        String path() {
            return "/api/tasks";
        }

        List<Column> columns() {
            return List.of(
                    new Column("task", r -> text(r, "id")),
                    new Column("role", r -> text(r, "role")),
                    new Column("samples", r -> text(r, "samples")),
                    new Column("version", r -> text(r, "datasetVersion")));
        }
    }

    @Command(
            name = "edges",
            mixinStandardHelpOptions = true,
            description = "Lists the affinity edges (planner API).")
    static final class Edges extends ApiTableCommand {
        String path() {
            return "/api/edges";
        }

        List<Column> columns() {
            return List.of(
                    new Column("a", r -> text(r, "a")),
                    new Column("b", r -> text(r, "b")),
                    new Column("H", r -> number(r, "h")),
                    new Column("R", r -> number(r, "r")),
                    new Column("w", r -> number(r, "weight")),
                    new Column("connected", r -> text(r, "connected")));
        }
    }

    @Command(
            name = "plans",
            mixinStandardHelpOptions = true,
            description = "Lists the OST plan of every target (planner API).")
    static final class Plans extends ApiTableCommand {
        String path() {
            return "/api/plans";
        }

        List<Column> columns() {
            return List.of(
                    new Column("target", r -> text(r, "target")),
                    new Column("version", r -> text(r, "version")),
                    new Column("path", r -> path(r.path("path"))),
                    new Column("cost", r -> number(r, "cost")),
                    new Column(
                            "direct",
                            r ->
                                    r.get("direct") == null || r.get("direct").isNull()
                                            ? ""
                                            : text(r.get("direct"), "source")));
        }
    }

    @Command(
            name = "models",
            mixinStandardHelpOptions = true,
            description = {
                "Lists the trained models (planner API): job, Dice, IoU, device, stages, the",
                "stages reused from other jobs, and the model card beside the weights."
            })
    static final class Models extends ApiTableCommand {
        String path() {
            return "/api/models";
        }

        List<Column> columns() {
            return List.of(
                    new Column("job", r -> text(r, "jobId")),
                    new Column("target", r -> text(r, "target")),
                    new Column("kind", r -> text(r, "kind")),
                    new Column("Dice", r -> number(r, "dice")),
                    new Column("IoU", r -> number(r, "iou")),
                    new Column("device", r -> text(r, "device")),
                    new Column(
                            "stages",
                            r -> {
                                List<String> stages = new ArrayList<>();
                                r.get("stages")
                                        .forEach(
                                                st ->
                                                        stages.add(
                                                                text(st, "type")
                                                                        + " "
                                                                        + text(st, "task")));
                                return String.join(" -> ", stages);
                            }),
                    new Column("reused", r -> r.get("reusedStages").toString()),
                    new Column("card", r -> text(r, "card")));
        }
    }

    @Command(
            name = "jobs",
            mixinStandardHelpOptions = true,
            description = {
                "Lists the training jobs (planner API). With JOB: that job, each training stage",
                "with its steps, what learnt, its validation curve and the checkpoint it kept."
            })
    static final class Jobs extends ApiTableCommand {
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

    @Command(
            name = "targets",
            mixinStandardHelpOptions = true,
            description = {
                "The model each target's site should use (planner API): the best validated of its",
                "finished jobs, beside training from scratch, and why. With TASK: that target."
            })
    static final class Targets extends ApiTableCommand {
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

    @Command(
            name = "datasets",
            mixinStandardHelpOptions = true,
            description = {
                "Lists every drop version seen, with its state and problems (planner API).",
                "With --site: that site's versions in time order, each with every problem and",
                "ignored file in full, i.e. why it was decided as it was."
            })
    static final class Datasets extends ApiTableCommand {
        @Option(names = "--site", description = "one site's versions, in detail")
        String site;

        String path() {
            return site == null
                    ? "/api/datasets"
                    : "/api/datasets?site=" + URLEncoder.encode(site, StandardCharsets.UTF_8);
        }

        @Override
        public Integer call() {
            if (site == null || json) {
                return super.call();
            }
            JsonNode versions = fetch();
            var out = spec.commandLine().getOut();
            for (JsonNode version : versions) {
                out.printf(
                        "%s  %-10s  %s%n",
                        text(version, "version"), text(version, "state"), text(version, "at"));
                version.get("problems").forEach(p -> out.println("  problem " + describe(p)));
                version.get("warnings").forEach(p -> out.println("  warning " + describe(p)));
            }
            out.println(versions.size() + " versions of site " + site);
            return 0;
        }

        private static String describe(JsonNode problem) {
            return text(problem, "reason")
                    + " "
                    + text(problem, "key")
                    + ": "
                    + text(problem, "message");
        }

        List<Column> columns() {
            return List.of(
                    new Column("site", r -> text(r, "site")),
                    new Column("version", r -> text(r, "version")),
                    new Column("state", r -> text(r, "state")),
                    new Column(
                            "problems",
                            r -> {
                                List<String> problems = new ArrayList<>();
                                r.get("problems")
                                        .forEach(
                                                p ->
                                                        problems.add(
                                                                text(p, "reason")
                                                                        + " "
                                                                        + text(p, "key")));
                                return String.join("; ", problems);
                            }));
        }
    }
}
