package io.ostflow.local.cli;

import picocli.CommandLine.Option;

/** The {@code --planner} option of every command that talks to the planner's API (a mixin). */
final class PlannerOption {
    @Option(
            names = "--planner",
            description =
                    "planner base URL (default: http://127.0.0.1:$OSTFLOW_PLANNER_PORT or :8080)")
    String planner;

    /** A client of the given planner, or of the local stack's, with the stack's token. */
    PlannerClient client() {
        return PlannerClient.of(
                planner != null ? planner : StatusCommand.plannerUrl(), OstflowCommand.home());
    }
}
