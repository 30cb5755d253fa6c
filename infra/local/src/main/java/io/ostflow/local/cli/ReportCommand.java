package io.ostflow.local.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ostflow report AUDIT_ID --out DIR}: the audit's Markdown tables, its JSON and its two
 * charts, as the planner renders them, written to a folder.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes an audit's report to a folder: report.md (Tables 1, 3, 4, regret, rank",
            "correlation and the held-out calibration, mean ± sd over seeds), audit.json,",
            "calibration.json, dice.png and cost-dice.png."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "AUDIT_ID", description = "the id `ostflow audit` printed")
    String audit;

    @Option(names = "--out", required = true, description = "folder to write into")
    Path out;

    @Mixin PlannerOption planner;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (!audit.matches("audit-[0-9a-f]{16}")) {
            throw new IllegalArgumentException(
                    "an audit id is audit- and 16 hex digits, was " + audit);
        }
        PlannerClient client = planner.client();
        String base = "/api/audits/" + audit;
        byte[] json = client.getBytes(base);
        try {
            Files.createDirectories(out);
            Files.write(out.resolve("audit.json"), json);
            Files.write(out.resolve("report.md"), client.getBytes(base + "/report.md"));
            Files.write(out.resolve("calibration.json"), client.getBytes(base + "/calibration"));
            Files.write(out.resolve("dice.png"), client.getBytes(base + "/dice.png"));
            Files.write(out.resolve("cost-dice.png"), client.getBytes(base + "/cost-dice.png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spec.commandLine()
                .getOut()
                .println("wrote report.md, audit.json, calibration.json and 2 charts to " + out);
        return 0;
    }
}
