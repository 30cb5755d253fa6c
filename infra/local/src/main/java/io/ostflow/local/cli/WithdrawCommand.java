package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ostflow withdraw SITE}: asks the planner to withdraw a site (POST
 * /api/sites/{site}/withdrawal, operator token); with {@code --status}, shows what the withdrawal
 * retired and what of it is left.
 */
@Command(
        name = "withdraw",
        mixinStandardHelpOptions = true,
        description = {
            "Withdraws a site: its tasks and edges leave the graph, the features of its images are",
            "deleted, plans that used it are replanned, and models trained on it are listed and",
            "never recommended. Its landing files stay; it comes back when it writes its",
            "dataset.json again. Needs the operator token."
        })
final class WithdrawCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SITE", description = "the site to withdraw")
    String site;

    @Option(
            names = "--status",
            description = "show the site's withdrawal instead of asking for one")
    boolean status;

    @Mixin PlannerOption planner;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PlannerClient client = planner.client();
        var out = spec.commandLine().getOut();
        String path = "/api/sites/" + site + "/withdrawal";
        if (!status) {
            client.post(path, "");
            out.println(
                    "withdrawal of site "
                            + site
                            + " requested; `ostflow withdraw "
                            + site
                            + " --status` shows its progress");
            return 0;
        }
        JsonNode w = client.get(path);
        out.printf(
                "site %s withdrawn at %s (%s): %d tasks of %d versions%n",
                site,
                w.path("withdrawnAt").asText(),
                w.path("cause").asText(),
                w.path("tasks").size(),
                w.path("datasetVersions").size());
        out.printf(
                "still in the graph: %s; still in a plan: %s%n",
                w.path("tasksLeft").size(), w.path("plansLeft").size());
        for (JsonNode m : w.path("models")) {
            out.printf(
                    "model %s (%s of %s) was trained on %s%n",
                    m.path("jobId").asText(),
                    m.path("kind").asText(),
                    m.path("target").asText(),
                    m.path("withdrawnTasks"));
        }
        return 0;
    }
}
