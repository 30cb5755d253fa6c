package io.ostflow.local.cli;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ostflow} command line: the local stack, phantom data, uploads and file checks. */
@Command(
        name = "ostflow",
        mixinStandardHelpOptions = true,
        version = "ostflow 0.1.0",
        description =
                "Finds the best sequential transfer path for few-label segmentation tasks, event-driven.",
        footer = {
            "",
            "  train    Trains one model on a local nnU-Net folder with the trainer's recipe and",
            "           prints Dice and IoU (run by the launcher script: ./ostflow train --help)."
        },
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            UploadCommand.class,
            WithdrawCommand.class,
            InspectCommand.class,
            ReplayCommand.class,
            AuditCommand.class,
            ReportCommand.class,
            TasksCommand.class,
            EdgesCommand.class,
            PlansCommand.class,
            JobsCommand.class,
            DatasetsCommand.class,
            ModelsCommand.class,
            TargetsCommand.class,
            StackRunCommand.class,
            CommandLine.HelpCommand.class
        })
public final class OstflowCommand implements Runnable {
    /** Exit code for a run that failed for a reason the message explains. */
    static final int FAILED = 1;

    /** Exit code for bad arguments or bad input files. */
    static final int BAD_INPUT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Folder of local state ({@code .ostflow/}); the launcher script sets it to the repo's. */
    static Path home() {
        String configured = System.getProperty("ostflow.home", System.getenv("OSTFLOW_HOME"));
        return Path.of(configured != null ? configured : ".ostflow").toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        quietLibraries();
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The command line with ostflow's error handling: a failure prints one {@code error: ...} line,
     * no stack trace; exit 2 for bad input, 1 otherwise.
     */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new OstflowCommand());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
                });
        return cli;
    }

    /** The broker and the S3 server log a lot at INFO; the command prints its own progress. */
    static void quietLibraries() {
        for (String name :
                new String[] {
                    "kafka",
                    "org.apache.kafka",
                    "state.change.logger",
                    "org.gaul",
                    "org.eclipse.jetty",
                    "io.minio"
                }) {
            Logger.getLogger(name).setLevel(Level.WARNING);
        }
    }
}
