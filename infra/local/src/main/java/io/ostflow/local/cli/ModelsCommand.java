package io.ostflow.local.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the trained models (planner API): job, Dice, IoU, device, stages, the",
            "stages reused from other jobs, and the model card beside the weights."
        })
final class ModelsCommand extends ApiTableCommand {
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
