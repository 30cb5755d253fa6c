package io.ostflow.local.cli;

import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.services.ServiceLauncher;
import io.ostflow.local.support.Directories;
import io.ostflow.local.support.Pause;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.local.upload.UploadSummary;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole job on the embedded default: the local stack and the four services, a multi-site
 * phantom uploaded as drops, then the pipeline followed through the planner's API until every
 * training job has finished, ending with the scratch / direct / sequential Dice per target.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the local stack and the four services, uploads a multi-site phantom and follows",
            "the pipeline to a scratch / direct / sequential Dice table per target task."
        })
final class DemoCommand implements Callable<Integer> {
    /** The demo's one target site. */
    static final int TARGET_SITES = 1;

    /** Sequential, direct and scratch: the planner's baselines are on. */
    static final int JOBS_PER_PLAN = 3;

    /** Trainer settings that keep the demo short on a CPU (used unless set in the environment). */
    static final Map<String, String> DEMO_TRAINING =
            Map.of(
                    "OSTFLOW_TRAINER_PROFILE",
                    "quick",
                    "OSTFLOW_INGEST_RECONCILE_EVERY",
                    "30s",
                    // One round of plans and jobs; calibrate afterwards with POST /api/calibrate.
                    "OSTFLOW_PLANNER_CALIBRATION_MIN_RESULTS",
                    "1000");

    @Option(
            names = "--sites",
            defaultValue = "4",
            description = "source sites (default: ${DEFAULT-VALUE})")
    int sites;

    @Option(
            names = "--cases",
            defaultValue = "6",
            description = "cases per source site (default: ${DEFAULT-VALUE})")
    int cases;

    @Option(
            names = "--shape",
            defaultValue = "64,64,40",
            paramLabel = "X,Y,Z",
            description = "volume shape (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description = "give up after (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--keep-running",
            description = "leave the stack and the services running at the end")
    boolean keepRunning;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        Path base = OstflowCommand.home();
        Console console = new Console(spec.commandLine().getOut());
        if (StackState.readLive(base).isPresent() || !ServiceLauncher.readLive(base).isEmpty()) {
            throw new IllegalStateException(
                    "a stack started by ./ostflow up is running: stop it with ./ostflow down, "
                            + "or feed it with ./ostflow upload");
        }
        // The demo owns .ostflow/demo and starts from a clean state every time.
        Path home = base.resolve("demo");
        ServiceLauncher.stop(home);
        StackLauncher.stop(home);
        Directories.deleteRecursively(home);
        StackState stack = StackLauncher.ensureRunning(home, console);
        try {
            ServiceLauncher.ensureRunning(home, stack.endpoints(), DEMO_TRAINING, console::step);
            StatusCommand.printEndpoints(console, stack, home);
            List<Path> folders = generate(home.resolve("data"), console);
            upload(stack, folders, console);
            boolean finished = follow(PlannerClient.of(StatusCommand.plannerUrl(), home), console);
            console.line("");
            console.line(
                    "Dashboard: "
                            + StatusCommand.dashboardUrl(home)
                            + "  ·  API: "
                            + StatusCommand.plannerUrl()
                            + "/q/swagger-ui");
            return finished ? 0 : OstflowCommand.FAILED;
        } finally {
            if (keepRunning) {
                console.step(
                        "everything keeps running (state in "
                                + home
                                + "); stop it with: OSTFLOW_HOME="
                                + home
                                + " ./ostflow down");
            } else {
                ServiceLauncher.stop(home);
                StackLauncher.stop(home);
                console.step("services and local stack stopped (data kept under " + home + ")");
            }
        }
    }

    private List<Path> generate(Path dataDir, Console console) {
        Directories.deleteRecursively(dataDir);
        PhantomSpec phantom =
                new PhantomSpec(
                        sites, TARGET_SITES, cases, 5, 4, GenerateCommand.parseShape(shape), seed);
        PhantomGenerator generator = new PhantomGenerator(phantom);
        console.step(
                String.format(
                        "generating %d source sites x %d cases and 1 target site (5 labelled + 4 held-out), %s voxels",
                        sites, cases, shape));
        List<Path> folders = new ArrayList<>();
        for (SiteProfile site : generator.sites()) {
            folders.add(generator.writeSite(dataDir, site));
        }
        return folders;
    }

    private void upload(StackState stack, List<Path> folders, Console console) {
        var e = stack.endpoints();
        try (DropUploader uploader =
                new DropUploader(
                        ObjectStore.connect(e.s3(), e.s3AccessKey(), e.s3SecretKey()),
                        e.kafka(),
                        e.landingBucket(),
                        Clock.systemUTC())) {
            for (Path folder : folders) {
                UploadSummary summary = uploader.upload(folder, null, null, line -> {});
                console.step(
                        String.format(
                                "uploaded site %s (%s): %d objects, %.1f MB",
                                summary.site(),
                                summary.role().wireName(),
                                summary.objects(),
                                summary.bytes() / 1e6));
            }
        }
    }

    /** Polls the planner until every target has its finished jobs; prints what changes. */
    private boolean follow(PlannerClient planner, Console console) {
        int perSite = PhantomGenerator.tasksPerSite();
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            DemoProgress progress =
                    DemoProgress.of(
                            planner.get("/api/tasks"),
                            planner.get("/api/edges"),
                            planner.get("/api/graph"),
                            planner.get("/api/plans"),
                            planner.get("/api/jobs"),
                            (sites + TARGET_SITES) * perSite,
                            TARGET_SITES * perSite,
                            JOBS_PER_PLAN);
            String line = progress.line();
            if (!line.equals(last)) {
                console.step(line);
                last = line;
            }
            if (progress.finished()) {
                console.line("");
                DiceTable.lines(
                                planner.get("/api/plans"),
                                progress.currentJobs(),
                                planner.get("/api/targets"))
                        .forEach(console::line);
                return progress.failed() == 0;
            }
            Pause.millis(3000);
        }
        console.line(
                "error: the pipeline did not finish within " + timeout + "; see .ostflow/logs/");
        return false;
    }
}
