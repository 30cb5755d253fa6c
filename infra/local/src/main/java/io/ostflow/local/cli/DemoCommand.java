package io.ostflow.local.cli;

import io.ostflow.common.Topics;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job on the embedded default: start the local stack, generate a multi-site phantom,
 * upload every site as a drop, and check that the storage events arrived.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack, generates a small multi-site phantom dataset, uploads every site",
            "to the landing bucket with MinIO-style notifications, and checks what arrived."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--sites",
            defaultValue = "3",
            description = "source sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(
            names = "--cases",
            defaultValue = "6",
            description = "cases per source site (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(
            names = "--shape",
            defaultValue = "64,64,48",
            paramLabel = "X,Y,Z",
            description = "volume shape (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--keep-running", description = "leave the local stack running at the end")
    boolean keepRunning;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Path home = OstflowCommand.home();
        Console console = new Console(spec.commandLine().getOut());
        boolean wasRunning = StackState.readLive(home).isPresent();
        StackState stack = StackLauncher.ensureRunning(home, console);
        try {
            StatusCommand.printEndpoints(console, stack);
            List<Path> folders = generate(home.resolve("demo-data"), console);
            long before = endOffset(stack);
            List<DropUploader.UploadSummary> uploads = upload(stack, folders, console);
            long notifications = endOffset(stack) - before;
            report(console, stack, uploads, notifications);
            int expected = uploads.stream().mapToInt(DropUploader.UploadSummary::objects).sum();
            if (notifications != expected) {
                console.line(
                        "error: expected " + expected + " storage events, saw " + notifications);
                return OstflowCommand.FAILED;
            }
            return 0;
        } finally {
            if (keepRunning || wasRunning) {
                console.step("the local stack keeps running: ./ostflow status, ./ostflow down");
            } else {
                StackLauncher.stop(home);
                console.step("local stack stopped (data kept under " + home.resolve("stack") + ")");
            }
        }
    }

    private List<Path> generate(Path dataDir, Console console) {
        deleteRecursively(dataDir);
        PhantomSpec phantom =
                new PhantomSpec(sites, 1, cases, 3, 3, GenerateCommand.parseShape(shape), seed);
        PhantomGenerator generator = new PhantomGenerator(phantom);
        console.step(
                String.format(
                        "generating %d source sites x %d cases and 1 target site (3 labelled + 3 held-out), %s voxels",
                        sites, cases, shape));
        List<Path> folders = new ArrayList<>();
        for (SiteProfile site : generator.sites()) {
            folders.add(generator.writeSite(dataDir, site));
            console.step(
                    "  site "
                            + site.name()
                            + " ("
                            + site.role().wireName()
                            + ") -> "
                            + dataDir.resolve(site.name()));
        }
        return folders;
    }

    private List<DropUploader.UploadSummary> upload(
            StackState stack, List<Path> folders, Console console) {
        var e = stack.endpoints();
        List<DropUploader.UploadSummary> uploads = new ArrayList<>();
        try (DropUploader uploader =
                new DropUploader(
                        ObjectStore.connect(e.s3(), e.s3AccessKey(), e.s3SecretKey()),
                        e.kafka(),
                        e.landingBucket(),
                        Clock.systemUTC())) {
            for (Path folder : folders) {
                DropUploader.UploadSummary summary =
                        uploader.upload(folder, null, null, line -> {});
                uploads.add(summary);
                console.step(
                        String.format(
                                "uploaded site %s: %d objects, %.1f MB -> s3://%s/%s/",
                                summary.site(),
                                summary.objects(),
                                summary.bytes() / 1e6,
                                e.landingBucket(),
                                summary.site()));
            }
        }
        return uploads;
    }

    private static void report(
            Console console,
            StackState stack,
            List<DropUploader.UploadSummary> uploads,
            long notifications) {
        var e = stack.endpoints();
        ObjectStore store = ObjectStore.connect(e.s3(), e.s3AccessKey(), e.s3SecretKey());
        console.line("");
        console.line(
                String.format(
                        "%-6s %-7s %8s %10s %12s", "site", "role", "objects", "MB", "in bucket"));
        for (DropUploader.UploadSummary u : uploads) {
            int listed = store.list(e.landingBucket(), u.site() + "/").size();
            console.line(
                    String.format(
                            "%-6s %-7s %8d %10.1f %12d",
                            u.site(), u.role().wireName(), u.objects(), u.bytes() / 1e6, listed));
        }
        console.line("");
        console.step(
                notifications
                        + " new records on "
                        + Topics.STORAGE_EVENTS
                        + " (one per object, as MinIO sends them)");
        console.line(
                "Next: the ingest, affinity, planner and trainer services consume these events (issues #3-#7).");
    }

    /** Sum of the end offsets of the storage-events topic. */
    private static long endOffset(StackState stack) {
        try (Admin admin =
                Admin.create(
                        Map.<String, Object>of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                stack.endpoints().kafka()))) {
            var partitions =
                    admin.describeTopics(List.of(Topics.STORAGE_EVENTS))
                            .allTopicNames()
                            .get()
                            .get(Topics.STORAGE_EVENTS)
                            .partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(
                    p ->
                            latest.put(
                                    new TopicPartition(Topics.STORAGE_EVENTS, p.partition()),
                                    OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of " + Topics.STORAGE_EVENTS, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
