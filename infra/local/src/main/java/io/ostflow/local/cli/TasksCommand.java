package io.ostflow.local.cli;

import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "tasks",
        mixinStandardHelpOptions = true,
        description = "Lists the registered tasks (planner API).")
final class TasksCommand extends ApiTableCommand {
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
