package io.ostflow.local.cli;

import io.ostflow.local.replay.DeadLetterReplay;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ostflow replay TOPIC.dlq [--key K] [--list]}: dead letters back to their topic. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Sends the records of a dead-letter topic back to the topic they came from (after the",
            "cause is fixed), or lists them with their reason. Uses the running local stack unless",
            "--kafka is given."
        })
final class ReplayCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "TOPIC.dlq",
            description = "a dead-letter topic, e.g. ostflow.jobs.dlq")
    String topic;

    @Option(names = "--key", description = "only the records with this key")
    String key;

    @Option(
            names = {"--list", "--dry-run"},
            description = "list the records and their reasons; send nothing")
    boolean list;

    @Option(
            names = "--from",
            paramLabel = "OFFSET",
            description = "only the records at this offset of the dead-letter topic and later")
    long from;

    @Option(names = "--kafka", description = "bootstrap servers (default: the local stack's)")
    String kafka;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut());
        DeadLetterReplay replay = new DeadLetterReplay(bootstrap());
        Predicate<String> keys = key == null ? k -> true : key::equals;
        try {
            var entries = replay.list(topic, keys, from);
            entries.forEach(e -> console.line(e.offset() + "\t" + e.key() + "\t" + e.reason()));
            if (list) {
                console.line(entries.size() + " records in " + topic + " (nothing sent)");
            } else {
                int sent = replay.replay(topic, keys, from);
                console.step(sent + " records sent back to " + DeadLetterReplay.originOf(topic));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return 0;
    }

    private String bootstrap() {
        if (kafka != null) {
            return kafka;
        }
        return StackState.readLive(OstflowCommand.home())
                .map(s -> s.endpoints().kafka())
                .orElseThrow(
                        () ->
                                new ParameterException(
                                        spec.commandLine(),
                                        "no local stack is running: start one with './ostflow up', or pass --kafka"));
    }
}
