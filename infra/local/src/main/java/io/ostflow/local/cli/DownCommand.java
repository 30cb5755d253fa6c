package io.ostflow.local.cli;

import io.ostflow.local.services.ServiceLauncher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stops the services and the local stack; data stays under .ostflow/. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stops the services and the local stack (data is kept).")
final class DownCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        int services = ServiceLauncher.stop(OstflowCommand.home());
        boolean stack = StackLauncher.stop(OstflowCommand.home());
        spec.commandLine()
                .getOut()
                .println(
                        services
                                + " services stopped; "
                                + (stack ? "local stack stopped" : "no local stack was running"));
        return 0;
    }
}
