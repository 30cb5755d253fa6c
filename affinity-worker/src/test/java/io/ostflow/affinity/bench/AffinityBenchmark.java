package io.ostflow.affinity.bench;

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
import io.ostflow.common.fingerprint.Fingerprinter;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.Voxels;
import io.ostflow.phantom.PhantomCase;
import io.ostflow.phantom.PhantomGenerator;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.phantom.SiteProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Time to add one site of 12 tasks (4 modalities x 3 objectives, 10 cases) to a graph of 84, 336
 * and 1,344 tasks, from cached fingerprints (G = 128). The fingerprints are real: a pool of phantom
 * cases fingerprinted once, assigned to the sites' cases in turn (W1 and SSIM cost depends on array
 * sizes and mask sparsity, not on which case is which). The existing graph is restored from edges,
 * as after a restart, so only the new site's pairs are computed.
 *
 * <p>Run: {@code bench/run affinity-worker io.ostflow.affinity.bench.AffinityBenchmark}
 */
public final class AffinityBenchmark {
    private static final String[] MODALITIES = {"T1", "T1ce", "T2", "FLAIR"};
    private static final String[] OBJECTIVES = {"NCR", "ED", "ET"};
    private static final int CASES = 10;
    private static final int GRID = 128;

    private final List<double[]> imagePool = new ArrayList<>();
    private final List<SparseMask> maskPool = new ArrayList<>();

    public static void main(String[] args) {
        AffinityBenchmark bench = new AffinityBenchmark();
        long start = System.nanoTime();
        bench.fingerprintPool(20, new int[] {120, 120, 78});
        System.out.printf(
                "fingerprint pool: %d image and %d mask features (G=%d) in %.1f s%n",
                bench.imagePool.size(),
                bench.maskPool.size(),
                GRID,
                (System.nanoTime() - start) / 1e9);
        int[] sizes =
                args.length > 0
                        ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                        : new int[] {84, 336, 1344};
        System.out.println(
                "| known tasks | pairs computed | W1 evaluations | SSIM evaluations | time to add 12 tasks |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int size : sizes) {
            bench.measure(size);
        }
    }

    private void fingerprintPool(int cases, int[] shape) {
        Fingerprinter fingerprinter = new Fingerprinter(GRID, 0.75);
        PhantomGenerator generator =
                new PhantomGenerator(new PhantomSpec(2, 0, cases / 2, 1, 0, shape, 77));
        for (SiteProfile site : generator.sites()) {
            for (int k = 0; k < cases / 2; k++) {
                PhantomCase phantom = generator.generate(site, PhantomGenerator.caseId(k));
                NiftiHeader image =
                        NiftiHeader.builder().dims(shape).datatype(NiftiDatatype.FLOAT32).build();
                for (float[] channel : phantom.channels()) {
                    imagePool.add(
                            fingerprinter
                                    .image(
                                            "",
                                            "",
                                            new NiftiImage(image, Voxels.ofFloat32(channel)),
                                            new int[6])
                                    .sortedScores());
                }
                NiftiHeader label =
                        NiftiHeader.builder().dims(shape).datatype(NiftiDatatype.UINT8).build();
                for (int value = 1; value <= 3; value++) {
                    maskPool.add(
                            SparseMask.of(
                                    fingerprinter.label(
                                            "",
                                            "",
                                            new NiftiImage(label, Voxels.ofUint8(phantom.labels())),
                                            value)));
                }
            }
        }
    }

    private void measure(int knownTasks) {
        int sites = knownTasks / 12;
        FeatureSource features =
                new FeatureSource() {
                    @Override
                    public double[] imageScores(String key) {
                        return imagePool.get(Math.floorMod(key.hashCode(), imagePool.size()));
                    }

                    @Override
                    public SparseMask mask(String key) {
                        return maskPool.get(Math.floorMod(key.hashCode(), maskPool.size()));
                    }
                };
        EdgeWeights weights = EdgeWeights.AUTHORS;
        AffinityGraph graph =
                new AffinityGraph(
                        features,
                        new PairSelector(OptionalInt.empty(), 42),
                        GlobalSsim.AUTHORS,
                        weights);
        List<TaskRegistered> known = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            known.addAll(site(String.format("s%04d", s)));
        }
        for (int i = 0; i < known.size(); i++) {
            for (int j = i + 1; j < known.size(); j++) {
                TaskRegistered a = known.get(i);
                TaskRegistered b = known.get(j);
                boolean first = a.task().compareTo(b.task()) < 0;
                TaskRegistered x = first ? a : b;
                TaskRegistered y = first ? b : a;
                graph.restore(
                        new AffinityEdge(
                                x.task().toString(),
                                y.task().toString(),
                                1,
                                0.5,
                                1.0,
                                true,
                                0,
                                "v",
                                "v",
                                100));
            }
        }
        known.forEach(graph::add);
        long w1 = graph.counters().wassersteinEvaluations.get();
        long ssim = graph.counters().ssimEvaluations.get();

        List<TaskRegistered> newcomer = site("new");
        // warm up the JIT on a throw-away copy of the same work
        AffinityGraph warm =
                new AffinityGraph(
                        features,
                        new PairSelector(OptionalInt.empty(), 42),
                        GlobalSsim.AUTHORS,
                        weights);
        site("w1").forEach(warm::add);
        site("w2").forEach(warm::add);

        long start = System.nanoTime();
        int pairs = 0;
        for (TaskRegistered task : newcomer) {
            pairs += graph.add(task).pairsComputed();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "| %d | %d | %d | %d | %.3f s |%n",
                knownTasks,
                pairs,
                graph.counters().wassersteinEvaluations.get() - w1,
                graph.counters().ssimEvaluations.get() - ssim,
                seconds);
    }

    private static List<TaskRegistered> site(String site) {
        List<String> cases = new ArrayList<>();
        for (int k = 0; k < CASES; k++) {
            cases.add(PhantomGenerator.caseId(k));
        }
        List<TaskRegistered> tasks = new ArrayList<>();
        for (String modality : MODALITIES) {
            for (int o = 0; o < OBJECTIVES.length; o++) {
                String objective = OBJECTIVES[o];
                tasks.add(
                        new TaskRegistered(
                                new TaskId(site, modality, objective),
                                Role.SOURCE,
                                CASES,
                                "v",
                                o + 1,
                                cases,
                                List.of(),
                                cases.stream().map(c -> site + "/" + modality + "/" + c).toList(),
                                cases.stream()
                                        .map(c -> site + "/" + objective + "/" + c)
                                        .toList()));
            }
        }
        return tasks;
    }
}
