package io.ostflow.local.cli;

import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "edges",
        mixinStandardHelpOptions = true,
        description = "Lists the affinity edges (planner API).")
final class EdgesCommand extends ApiTableCommand {
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
