package io.ostflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ostflow.common.storage.ObjectStore;
import io.ostflow.local.services.ServiceLauncher;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
        deleteRecursively(home);
        StackState stack = StackLauncher.ensureRunning(home, console);
        try {
            ServiceLauncher.ensureRunning(home, stack.endpoints(), DEMO_TRAINING, console::step);
            StatusCommand.printEndpoints(console, stack);
            List<Path> folders = generate(home.resolve("data"), console);
            upload(stack, folders, console);
            boolean finished = follow(new PlannerClient(StatusCommand.plannerUrl()), console);
            console.line("");
            console.line(
                    "Dashboard: "
                            + StatusCommand.plannerUrl()
                            + "/  ·  API: "
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
        deleteRecursively(dataDir);
        PhantomSpec phantom =
                new PhantomSpec(sites, 1, cases, 5, 4, GenerateCommand.parseShape(shape), seed);
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
                DropUploader.UploadSummary summary =
                        uploader.upload(folder, null, null, line -> {});
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

    /** Polls the planner until every target has its three finished jobs; prints what changes. */
    private boolean follow(PlannerClient planner, Console console) {
        int expectedTasks = (sites + 1) * 12;
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            JsonNode tasks = planner.get("/api/tasks");
            JsonNode edges = planner.get("/api/edges");
            JsonNode graph = planner.get("/api/graph");
            JsonNode plans = planner.get("/api/plans");
            JsonNode jobs = planner.get("/api/jobs");
            Map<String, Long> latest = new TreeMap<>();
            plans.forEach(p -> latest.put(p.get("target").asText(), p.get("version").asLong()));
            List<JsonNode> current = new ArrayList<>();
            jobs.forEach(
                    j -> {
                        Long version = latest.get(j.get("target").asText());
                        if (version != null && version == j.get("planVersion").asLong()) {
                            current.add(j);
                        }
                    });
            int done = 0;
            int failed = 0;
            double running = 0;
            for (JsonNode job : current) {
                String state = job.get("state").asText();
                done += state.equals("completed") ? 1 : 0;
                failed += state.equals("failed") ? 1 : 0;
                running += state.equals("running") ? job.get("progress").asDouble() : 0;
            }
            int expectedJobs = 3 * 12;
            String line =
                    String.format(
                            "tasks %d/%d · edges %d · clusters %d · plans %d/12 · jobs of current plans %d/%d done%s %s",
                            tasks.size(),
                            expectedTasks,
                            edges.size(),
                            graph.get("clusters").size(),
                            plans.size(),
                            done + failed,
                            expectedJobs,
                            failed > 0 ? " (" + failed + " failed)" : "",
                            bar((done + failed + running) / expectedJobs));
            if (!line.equals(last)) {
                console.step(line);
                last = line;
            }
            if (tasks.size() >= expectedTasks
                    && current.size() >= expectedJobs
                    && done + failed == current.size()) {
                printResults(console, plans, current);
                return failed == 0;
            }
            sleep(3000);
        }
        console.line(
                "error: the pipeline did not finish within " + timeout + "; see .ostflow/logs/");
        return false;
    }

    private static void printResults(Console console, JsonNode plans, List<JsonNode> jobs) {
        Map<String, Map<String, Double>> dice = new TreeMap<>();
        for (JsonNode job : jobs) {
            JsonNode d = job.get("metrics").get("dice");
            dice.computeIfAbsent(job.get("target").asText(), k -> new TreeMap<>())
                    .put(
                            job.get("kind").asText(),
                            d == null || d.isNull() ? Double.NaN : d.asDouble());
        }
        console.line("");
        console.line(
                String.format(
                        "%-14s %8s %8s %11s   %s",
                        "target", "scratch", "direct", "sequential", "path"));
        double[] sums = new double[3];
        for (Map.Entry<String, Map<String, Double>> row : dice.entrySet()) {
            String path = "";
            for (JsonNode plan : plans) {
                if (plan.get("target").asText().equals(row.getKey())) {
                    List<String> steps = new ArrayList<>();
                    plan.get("path").forEach(p -> steps.add(p.asText()));
                    path = String.join(" -> ", steps);
                }
            }
            Map<String, Double> d = row.getValue();
            sums[0] += d.getOrDefault("scratch", 0.0);
            sums[1] += d.getOrDefault("direct", 0.0);
            sums[2] += d.getOrDefault("sequential", 0.0);
            console.line(
                    String.format(
                            "%-14s %8.4f %8.4f %11.4f   %s",
                            row.getKey(),
                            d.getOrDefault("scratch", Double.NaN),
                            d.getOrDefault("direct", Double.NaN),
                            d.getOrDefault("sequential", Double.NaN),
                            path));
        }
        int n = Math.max(1, dice.size());
        console.line(
                String.format(
                        "%-14s %8.4f %8.4f %11.4f", "mean", sums[0] / n, sums[1] / n, sums[2] / n));
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(20 * Math.max(0, Math.min(1, fraction)));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
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
