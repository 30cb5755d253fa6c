package io.ostflow.local.cli;

import io.ostflow.local.services.ServiceLauncher;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts the local stack and the four services in the background and prints the endpoints. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack (real Kafka broker, real S3 server) and the four services in the background.",
            "State, data and logs live under .ostflow/; 'ostflow down' stops everything."
        })
final class UpCommand implements Callable<Integer> {
    @Option(names = "--stack-only", description = "start only Kafka and the S3 server")
    boolean stackOnly;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut());
        StackState state = StackLauncher.ensureRunning(OstflowCommand.home(), console);
        if (!stackOnly) {
            ServiceLauncher.ensureRunning(
                    OstflowCommand.home(), state.endpoints(), Map.of(), console::step);
        }
        StatusCommand.printEndpoints(console, state, OstflowCommand.home());
        return 0;
    }
}
