package io.ostflow.affinity.service;

import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.math.SparseMask;
import io.ostflow.affinity.math.Wasserstein;
import io.ostflow.common.events.TaskRegistered;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * H and R of image and mask sets (site, modality or objective, dataset version), each computed once
 * and shared by every task pair over the same two sets. Not thread-safe: {@link AffinityGraph}
 * guards it.
 */
final class SetAffinities {
    private final FeatureSource features;
    private final GlobalSsim ssim;
    private final AffinityGraph.Counters counters;
    private final Map<String, Double> imageSetDistances = new HashMap<>();
    private final Map<String, Double> maskSetSimilarities = new HashMap<>();

    SetAffinities(FeatureSource features, GlobalSsim ssim, AffinityGraph.Counters counters) {
        this.features = features;
        this.ssim = ssim;
        this.counters = counters;
    }

    /** Forgets every value computed from a site's sets (the site withdrew its data). */
    void forgetSite(String site) {
        imageSetDistances.keySet().removeIf(k -> involves(k, site));
        maskSetSimilarities.keySet().removeIf(k -> involves(k, site));
    }

    private static boolean involves(String setKey, String site) {
        return setKey.startsWith(site + "/") || setKey.contains("|" + site + "/");
    }

    /** H of the two image sets; 0 when they are the same set (docs/algorithm.md section 2). */
    double imageDistance(TaskRegistered a, TaskRegistered b, List<PairSelector.Pair> pairs) {
        String setA = a.task().site() + "/" + a.task().modality() + "@" + a.datasetVersion();
        String setB = b.task().site() + "/" + b.task().modality() + "@" + b.datasetVersion();
        if (setA.equals(setB)) {
            return 0;
        }
        return imageSetDistances.computeIfAbsent(
                setKey(setA, setB),
                k -> {
                    counters.imageSetPairs.incrementAndGet();
                    counters.wassersteinEvaluations.addAndGet(pairs.size());
                    double[] values = new double[pairs.size()];
                    IntStream.range(0, pairs.size())
                            .parallel()
                            .forEach(
                                    p ->
                                            values[p] =
                                                    Wasserstein.w1(
                                                            features.imageScores(
                                                                    a.imageFeatureKeys()
                                                                            .get(pairs.get(p).a())),
                                                            features.imageScores(
                                                                    b.imageFeatureKeys()
                                                                            .get(
                                                                                    pairs.get(p)
                                                                                            .b()))));
                    return mean(values);
                });
    }

    /** R of the two mask sets. */
    double maskSimilarity(TaskRegistered a, TaskRegistered b, List<PairSelector.Pair> pairs) {
        String setA = a.task().site() + "/" + a.task().objective() + "@" + a.datasetVersion();
        String setB = b.task().site() + "/" + b.task().objective() + "@" + b.datasetVersion();
        return maskSetSimilarities.computeIfAbsent(
                setKey(setA, setB),
                k -> {
                    counters.maskSetPairs.incrementAndGet();
                    counters.ssimEvaluations.addAndGet(pairs.size());
                    double[] values = new double[pairs.size()];
                    IntStream.range(0, pairs.size())
                            .parallel()
                            .forEach(
                                    p -> {
                                        SparseMask p1 =
                                                features.mask(
                                                        a.labelFeatureKeys().get(pairs.get(p).a()));
                                        SparseMask p2 =
                                                features.mask(
                                                        b.labelFeatureKeys().get(pairs.get(p).b()));
                                        values[p] = ssim.ssim(p1, p2);
                                    });
                    return mean(values);
                });
    }

    private static String setKey(String x, String y) {
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }

    /** Sequential sum: the same value whatever the thread count. */
    private static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    void preload(TaskRegistered task) {
        for (String key : task.imageFeatureKeys()) {
            features.imageScores(key);
        }
        for (String key : task.labelFeatureKeys()) {
            features.mask(key);
        }
    }
}
