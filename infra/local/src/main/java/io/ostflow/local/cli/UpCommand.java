package io.ostflow.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the local stack in the background and prints its endpoints. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack (real Kafka broker, real S3 server) in the background.",
            "State and data live under .ostflow/; 'ostflow down' stops it, 'ostflow status' shows it."
        })
final class UpCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut());
        StackState state = StackLauncher.ensureRunning(OstflowCommand.home(), console);
        StatusCommand.printEndpoints(console, state);
        return 0;
    }
}
