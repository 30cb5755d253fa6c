package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        description = {
            "Lists every drop version seen, with its state and problems (planner API).",
            "With --site: that site's versions in time order, each with every problem and",
            "ignored file in full, i.e. why it was decided as it was."
        })
final class DatasetsCommand extends ApiTableCommand {
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
            JsonNode imported = version.path("imported");
            if (imported.isObject()) {
                out.printf(
                        "  imported from %s (%s); case -> subject:%n",
                        text(imported, "format"), text(imported, "release"));
                imported.path("subjects")
                        .fields()
                        .forEachRemaining(
                                e ->
                                        out.printf(
                                                "    %s -> %s%n",
                                                e.getKey(), e.getValue().asText()));
            }
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
                        "imported",
                        r ->
                                r.path("imported").isObject()
                                        ? text(r.get("imported"), "format")
                                                + " "
                                                + text(r.get("imported"), "release")
                                        : ""),
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
