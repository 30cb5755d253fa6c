package io.ostflow.local.cli;

import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "plans",
        mixinStandardHelpOptions = true,
        description = "Lists the OST plan of every target (planner API).")
final class PlansCommand extends ApiTableCommand {
    String path() {
        return "/api/plans";
    }

    List<Column> columns() {
        return List.of(
                new Column("target", r -> text(r, "target")),
                new Column("version", r -> text(r, "version")),
                new Column("path", r -> path(r.path("path"))),
                new Column("cost", r -> number(r, "cost")),
                new Column("ranking", PlansCommand::ranking),
                new Column(
                        "direct",
                        r ->
                                r.get("direct") == null || r.get("direct").isNull()
                                        ? ""
                                        : text(r.get("direct"), "source")));
    }

    /** Which ranking chose the path; "scoring" while the transferability ranking waits. */
    static String ranking(com.fasterxml.jackson.databind.JsonNode plan) {
        String ranking = plan.path("ranking").asText("affinity");
        boolean scored = plan.path("scores").size() > 0;
        return ranking.equals("affinity") && scored ? "scoring" : ranking;
    }
}
