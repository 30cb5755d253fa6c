package io.ostflow.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stops the background local stack; its data stays under .ostflow/stack. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stops the local stack (data is kept).")
final class DownCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        boolean stopped = StackLauncher.stop(OstflowCommand.home());
        spec.commandLine()
                .getOut()
                .println(stopped ? "local stack stopped" : "no local stack was running");
        return 0;
    }
}
