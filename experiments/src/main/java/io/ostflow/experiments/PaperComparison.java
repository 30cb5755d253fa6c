package io.ostflow.experiments;

import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.math.SparseMask;
import io.ostflow.affinity.service.AffinityGraph;
import io.ostflow.affinity.service.FeatureSource;
import io.ostflow.common.Role;
import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.common.storage.ObjectKeys;
import io.ostflow.local.stack.LocalStack;
import io.ostflow.local.stack.LocalStackConfig;
import io.ostflow.local.upload.DropUploader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.NiftiReader;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.planner.planning.PlannerSettings;
import io.ostflow.planner.planning.PlanningEngine;
import io.ostflow.trainer.data.CaseSource;
import io.ostflow.trainer.model.TrainingSettings;
import io.ostflow.trainer.service.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The paper's three-way comparison (scratch / direct / sequential Dice per target task) on a
 * phantom multi-site dataset, with the services' own classes: fingerprints (ingest), affinity graph
 * (affinity-worker), planning engine and jobs (planner), job runner (trainer-worker) over a real
 * embedded S3 server. Writes a Markdown table and a bar chart.
 *
 * <p>Run: {@code bench/run experiments io.ostflow.experiments.PaperComparison OUT_DIR [sources]
 * [cases] [normalisation alpha beta c] [2d|3d]}; the edge weights default to the authors' (none,
 * 0.0044, -2.4756, 2.4756), training to 2-D slices of 48 x 48 (3-D: 48^3 cubes, 24^3 patches, 12
 * per case).
 */
public final class PaperComparison {
    private static final int[] SHAPE = {64, 64, 48};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/results");
        int sourceSites = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int cases = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        EdgeWeights weights =
                args.length > 6
                        ? new EdgeWeights(
                                0,
                                Double.parseDouble(args[4]),
                                Double.parseDouble(args[5]),
                                Double.parseDouble(args[6]),
                                args[3],
                                Instant.EPOCH)
                        : EdgeWeights.AUTHORS;
        Files.createDirectories(out);
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("ostflow-paper");
        try (LocalStack stack =
                LocalStack.start(LocalStackConfig.ephemeral(work.resolve("stack")))) {
            PhantomSpec spec = new PhantomSpec(sourceSites, 1, cases, 5, 4, SHAPE, 2026);
            List<Path> sites = new PhantomGenerator(spec).writeAll(work.resolve("data"));
            var e = stack.endpoints();
            try (DropUploader uploader =
                    new DropUploader(
                            stack.objectStore(), e.kafka(), e.landingBucket(), Clock.systemUTC())) {
                for (Path site : sites) {
                    uploader.upload(site, null, null, line -> {});
                }
            }
            log(started, "generated and uploaded " + sites.size() + " sites");

            Features features = new Features(new Fingerprinter(64, 0.75));
            List<TaskRegistered> tasks = new ArrayList<>();
            for (Path site : sites) {
                tasks.addAll(features.register(site, sourceSites, cases));
            }
            log(started, "fingerprinted " + tasks.size() + " tasks");

            AffinityGraph graph =
                    new AffinityGraph(
                            features,
                            new PairSelector(OptionalInt.empty(), 42),
                            GlobalSsim.AUTHORS,
                            weights);
            List<AffinityEdge> edges = new ArrayList<>();
            for (TaskRegistered task : tasks) {
                edges.addAll(graph.add(task).changed());
            }
            log(started, edges.size() + " edges");

            PlanningEngine planner =
                    new PlanningEngine(PlannerSettings.defaults(), Clock.systemUTC());
            tasks.forEach(planner::putTask);
            edges.forEach(planner::putEdge);
            PlanningEngine.Result planned = planner.replan();
            log(
                    started,
                    planned.plans().size()
                            + " plans, "
                            + planned.jobs().size()
                            + " jobs, "
                            + planned.graph()
                                    .map(g -> g.clusters().size() + " clusters")
                                    .orElse(""));

            TrainingSettings profile = TrainingSettings.quick();
            TrainingSettings settings =
                    args.length > 7 && args[7].equals("3d") ? profile.in3d() : profile;
            JobRunner runner =
                    new JobRunner(
                            settings,
                            stack.objectStore(),
                            ObjectKeys.MODELS_BUCKET,
                            new CaseSource(stack.objectStore(), ObjectKeys.LANDING_BUCKET),
                            "auto");
            Map<String, Map<String, Double>> dice = new TreeMap<>();
            Map<String, TaskRegistered> byId = new HashMap<>();
            tasks.forEach(t -> byId.put(t.task().toString(), t));
            for (TrainingJob job : planned.jobs()) {
                TrainingCompleted result =
                        runner.run(job, id -> Optional.ofNullable(byId.get(id)), p -> {});
                dice.computeIfAbsent(job.target(), k -> new TreeMap<>())
                        .put(job.kind().wire(), result.dice());
                log(
                        started,
                        job.target()
                                + " "
                                + job.kind()
                                + " Dice "
                                + String.format("%.4f", result.dice()));
            }
            Report.write(
                    out,
                    planned.plans(),
                    dice,
                    settings,
                    spec,
                    weights,
                    (System.nanoTime() - started) / 1e9);
            log(
                    started,
                    "wrote " + out.resolve("results.md") + " and " + out.resolve("results.png"));
        }
    }

    private static void log(long started, String message) {
        System.out.printf("[%7.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    /** Fingerprints in memory, keyed like the features bucket. */
    private static final class Features implements FeatureSource {
        private final Fingerprinter fingerprinter;
        private final Map<String, double[]> images = new HashMap<>();
        private final Map<String, SparseMask> masks = new HashMap<>();

        Features(Fingerprinter fingerprinter) {
            this.fingerprinter = fingerprinter;
        }

        List<TaskRegistered> register(Path site, int sourceSites, int sourceCases)
                throws Exception {
            String name = site.getFileName().toString();
            Role role = Integer.parseInt(name) <= sourceSites ? Role.SOURCE : Role.TARGET;
            int training = role == Role.SOURCE ? sourceCases : 5;
            String[] modalities = {"T1", "T1ce", "T2", "FLAIR"};
            String[] objectives = {"NCR", "ED", "ET"};
            List<String> cases = new ArrayList<>();
            for (int k = 0; k < training; k++) {
                String caseId = PhantomGenerator.caseId(k);
                cases.add(caseId);
                NiftiImage labels =
                        new NiftiReader().read(site.resolve("labelsTr/" + caseId + ".nii.gz"));
                for (int c = 0; c < modalities.length; c++) {
                    NiftiImage image =
                            new NiftiReader()
                                    .read(
                                            site.resolve(
                                                    String.format(
                                                            "imagesTr/%s_%04d.nii.gz", caseId, c)));
                    images.put(
                            ObjectKeys.imageFeature(name, "v", modalities[c], caseId),
                            fingerprinter.image("", "", image, new int[6]).sortedScores());
                }
                for (int o = 0; o < objectives.length; o++) {
                    masks.put(
                            ObjectKeys.labelFeature(name, "v", objectives[o], caseId),
                            SparseMask.of(fingerprinter.label("", "", labels, o + 1)));
                }
            }
            List<String> heldOut =
                    role == Role.TARGET
                            ? List.of("case006", "case007", "case008", "case009")
                            : List.of();
            List<TaskRegistered> tasks = new ArrayList<>();
            for (String m : modalities) {
                for (int o = 0; o < objectives.length; o++) {
                    String objective = objectives[o];
                    tasks.add(
                            new TaskRegistered(
                                    new TaskId(name, m, objective),
                                    role,
                                    training,
                                    "v",
                                    o + 1,
                                    cases,
                                    heldOut,
                                    cases.stream()
                                            .map(c -> ObjectKeys.imageFeature(name, "v", m, c))
                                            .toList(),
                                    cases.stream()
                                            .map(
                                                    c ->
                                                            ObjectKeys.labelFeature(
                                                                    name, "v", objective, c))
                                            .toList()));
                }
            }
            return tasks;
        }

        @Override
        public double[] imageScores(String key) {
            return images.get(key);
        }

        @Override
        public SparseMask mask(String key) {
            return masks.get(key);
        }
    }
}
