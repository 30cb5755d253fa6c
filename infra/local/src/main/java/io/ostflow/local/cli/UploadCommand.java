package io.ostflow.local.cli;

import io.ostflow.common.Role;
import io.ostflow.common.Topics;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.local.upload.UploadSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Uploads site folders to the landing bucket and publishes MinIO-style notifications. */
@Command(
        name = "upload",
        mixinStandardHelpOptions = true,
        description = {
            "Uploads site folders (nnU-Net v2 raw layout with dataset.json) to <bucket>/<site>/,",
            "one after the other, each one's files side by side and its dataset.json last, and",
            "publishes for each object the Kafka record a MinIO bucket notification would carry.",
            "Uses the running local stack unless --kafka/--s3 are given."
        })
final class UploadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "the site folders")
    List<Path> folders;

    @Option(
            names = "--site",
            description = "site name (default: dataset.json's ostflow.site, else the folder name)")
    String site;

    @Option(
            names = "--role",
            description = "source or target (default: dataset.json's ostflow.role)")
    String role;

    @Option(names = "--kafka", description = "bootstrap servers (default: the local stack's)")
    String kafka;

    @Option(names = "--s3", description = "S3 endpoint URL (default: the local stack's)")
    String s3;

    @Option(names = "--access-key", description = "S3 access key (with --s3)")
    String accessKey;

    @Option(names = "--secret-key", description = "S3 secret key (with --s3)")
    String secretKey;

    @Option(names = "--bucket", description = "landing bucket (default: the local stack's)")
    String bucket;

    @Option(
            names = "--sync",
            description =
                    "mirror the folder: also remove the site's objects that are no longer in it"
                            + " (a site fixes a rejected drop by deleting the bad file)")
    boolean sync;

    @Option(
            names = "--no-notify",
            description =
                    "upload the objects only: for a real MinIO that publishes its own Kafka"
                            + " notifications")
    boolean noNotify;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new ParameterException(spec.commandLine(), "not a folder: " + folder);
            }
        }
        if (site != null && folders.size() > 1) {
            throw new ParameterException(
                    spec.commandLine(), "--site names one site: give one folder with it");
        }
        Role parsedRole = parseRole();
        Target target = resolveTarget();
        Console console = new Console(spec.commandLine().getOut());
        ObjectStore store = ObjectStore.connect(target.s3, target.accessKey, target.secretKey);
        try (DropUploader uploader =
                noNotify
                        ? DropUploader.objectsOnly(store, target.bucket, Clock.systemUTC())
                        : new DropUploader(store, target.kafka, target.bucket, Clock.systemUTC())) {
            for (Path folder : folders) {
                report(
                        console,
                        target,
                        uploader.upload(folder, site, parsedRole, sync, console::line));
            }
        }
        return 0;
    }

    private void report(Console console, Target target, UploadSummary summary) {
        console.step(
                String.format(
                        "uploaded %d objects (%.1f MB)%s to s3://%s/%s/ as a %s drop; %s on %s",
                        summary.objects(),
                        summary.bytes() / 1e6,
                        sync ? ", removed " + summary.removed().size() : "",
                        target.bucket,
                        summary.site(),
                        summary.role().wireName(),
                        noNotify
                                ? "notifications left to the object store"
                                : (summary.objects() + summary.removed().size())
                                        + " notifications (trace "
                                        + summary.traceId()
                                        + ")",
                        Topics.STORAGE_EVENTS));
    }

    private Role parseRole() {
        if (role == null) {
            return null;
        }
        try {
            return Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Target resolveTarget() {
        var running = StackState.readLive(OstflowCommand.home());
        if ((kafka == null || s3 == null) && running.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no local stack is running: start one with './ostflow up', or pass --kafka and --s3");
        }
        var endpoints = running.map(StackState::endpoints).orElse(null);
        if (endpoints == null && (accessKey == null || secretKey == null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--access-key and --secret-key are required with --s3 when no local stack runs");
        }
        return new Target(
                kafka != null ? kafka : endpoints.kafka(),
                s3 != null ? s3 : endpoints.s3(),
                accessKey != null ? accessKey : endpoints == null ? null : endpoints.s3AccessKey(),
                secretKey != null ? secretKey : endpoints == null ? null : endpoints.s3SecretKey(),
                bucket != null
                        ? bucket
                        : endpoints == null
                                ? ObjectKeys.LANDING_BUCKET
                                : endpoints.landingBucket());
    }

    private record Target(
            String kafka, String s3, String accessKey, String secretKey, String bucket) {}
}
