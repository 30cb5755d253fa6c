package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ostflow.common.Json;
import io.ostflow.local.services.ApiToken;
import io.ostflow.local.services.LocalService;
import io.ostflow.local.services.ServiceLauncher;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Says whether the local stack runs and how to reach it; exit 3 when it does not run. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows whether the local stack runs and its endpoints.",
            "Exit code 0 when it runs, 3 when it does not."
        })
final class StatusCommand implements Callable<Integer> {
    static final int NOT_RUNNING = 3;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<StackState> state = StackState.readLive(OstflowCommand.home());
        if (json) {
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(toJson(state)));
        } else if (state.isPresent()) {
            printEndpoints(
                    new Console(spec.commandLine().getOut()), state.get(), OstflowCommand.home());
        } else {
            spec.commandLine()
                    .getOut()
                    .println("local stack: not running (start it with ./ostflow up)");
        }
        return state.isPresent() ? 0 : NOT_RUNNING;
    }

    static ObjectNode toJson(Optional<StackState> state) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("running", state.isPresent());
        state.ifPresent(
                s -> {
                    node.put("pid", s.pid());
                    node.put("startedAt", s.startedAt().toString());
                    node.setAll((ObjectNode) Json.mapper().valueToTree(s.endpoints()));
                });
        node.put("planner", plannerUrl());
        var services = node.putArray("services");
        for (ServiceLauncher.Service s : ServiceLauncher.readLive(OstflowCommand.home())) {
            services.addObject()
                    .put("name", s.name())
                    .put("pid", s.pid())
                    .put("port", s.port())
                    .put("ready", ServiceLauncher.isReady(s));
        }
        return node;
    }

    static String plannerUrl() {
        return "http://127.0.0.1:" + LocalService.PLANNER.port();
    }

    /**
     * The dashboard with the stack's token in the query: a browser opens it once and keeps the
     * token in a cookie.
     */
    static String dashboardUrl(Path home) {
        return plannerUrl()
                + "/"
                + ApiToken.find(home)
                        .map(t -> "?token=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
                        .orElse("");
    }

    static void printEndpoints(Console console, StackState state, Path home) {
        var e = state.endpoints();
        console.line(
                "local stack: running (pid " + state.pid() + ", since " + state.startedAt() + ")");
        console.line("  kafka            " + e.kafka());
        console.line("  s3               " + e.s3() + "  (access key " + e.s3AccessKey() + ")");
        console.line("  landing bucket   " + e.landingBucket());
        console.line("  features bucket  " + e.featuresBucket());
        console.line("  models bucket    " + e.modelsBucket());
        console.line(
                "  planner          "
                        + plannerUrl()
                        + "  (REST API; token in "
                        + ApiToken.file(home)
                        + ")");
        console.line("  dashboard        " + dashboardUrl(home));
        for (ServiceLauncher.Service s : ServiceLauncher.readLive(home)) {
            console.line(
                    String.format(
                            "  %-16s pid %d, port %d, %s",
                            s.name(),
                            s.pid(),
                            s.port(),
                            ServiceLauncher.isReady(s) ? "ready" : "starting"));
        }
    }
}
