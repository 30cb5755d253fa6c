package io.ostflow.affinity.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ostflow.affinity.PhantomTasks;
import io.ostflow.affinity.domain.PairSelector;
import io.ostflow.affinity.math.GlobalSsim;
import io.ostflow.affinity.math.GlobalSsimTest;
import io.ostflow.affinity.math.WassersteinTest;
import io.ostflow.common.Role;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.TaskRegistered;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.Voxels;
import io.ostflow.phantom.PhantomCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AffinityGraphTest {
    static final EdgeWeights AUTHORS = EdgeWeights.AUTHORS;
    static PhantomTasks phantoms;
    static List<List<TaskRegistered>> sites = new ArrayList<>();

    @BeforeAll
    static void generate() {
        phantoms = new PhantomTasks();
        for (int s = 1; s <= 4; s++) {
            sites.add(phantoms.site("0" + s, Role.SOURCE, 2, 100 + s));
        }
    }

    private static AffinityGraph graph(AtomicInteger reads) {
        return new AffinityGraph(
                phantoms.source(reads),
                new PairSelector(OptionalInt.empty(), 1),
                GlobalSsim.AUTHORS,
                AUTHORS);
    }

    @Test
    void hAndRMatchADirectComputationFromTheVolumes() {
        AffinityGraph graph = graph(new AtomicInteger());
        sites.get(0).forEach(graph::add);
        sites.get(1).forEach(graph::add);

        AffinityEdge edge =
                graph.edgesOf("01-T1-ED").stream()
                        .filter(e -> e.b().equals("02-T1-ED"))
                        .findFirst()
                        .orElseThrow();

        double h = 0;
        double r = 0;
        for (String a : List.of("case001", "case002")) {
            for (String b : List.of("case001", "case002")) {
                h += WassersteinTest.naive(scores("01/" + a, 0), scores("02/" + b, 0)) / 4;
                r += GlobalSsimTest.textbook(mask("01/" + a, 2), mask("02/" + b, 2)) / 4;
            }
        }
        assertThat(edge.h()).isCloseTo(h, within(1e-9 * h));
        assertThat(edge.r()).isCloseTo(r, within(1e-9));
        assertThat(edge.weight()).isCloseTo(0.0044 * h - 2.4756 * r + 2.4756, within(1e-9));
        assertThat(edge.pairs()).isEqualTo(4);
        assertThat(edge.connected()).isTrue();

        AffinityEdge sameSite =
                graph.edgesOf("01-T1-ED").stream()
                        .filter(e -> e.b().equals("01-T1-NCR"))
                        .findFirst()
                        .orElseThrow();
        assertThat(sameSite.h()).as("same site and modality share the images").isZero();
        assertThat(sameSite.pairs()).as("same site: paired by case id").isEqualTo(2);
    }

    @Test
    void aFourthSiteComputesOnlyThePairsThatInvolveItsTasks() {
        AffinityGraph graph = graph(new AtomicInteger());
        for (int s = 0; s < 3; s++) {
            sites.get(s).forEach(graph::add);
        }
        long imageSets = graph.counters().imageSetPairs.get();
        long maskSets = graph.counters().maskSetPairs.get();
        int pairs = 0;
        int published = 0;
        for (TaskRegistered task : sites.get(3)) {
            AffinityGraph.Update update = graph.add(task);
            pairs += update.pairsComputed();
            published += update.changed().size();
        }
        assertThat(pairs).isEqualTo(12 * 36 + 66);
        assertThat(published).isEqualTo(12 * 36 + 66);
        // 4 new image sets x 12 old ones + 6 pairs among the new (identical sets are H = 0)
        assertThat(graph.counters().imageSetPairs.get() - imageSets).isEqualTo(4 * 12 + 6);
        // 3 new mask sets x 9 old + 3 among the new + each new set with itself (same site,
        // objective)
        assertThat(graph.counters().maskSetPairs.get() - maskSets).isEqualTo(3 * 9 + 3 + 3);
    }

    @Test
    void newWeightsReweighWithoutRecomputingAndRedeliveryChangesNothing() {
        AtomicInteger reads = new AtomicInteger();
        AffinityGraph graph = graph(reads);
        sites.get(0).forEach(graph::add);
        sites.get(1).forEach(graph::add);
        long evaluations =
                graph.counters().wassersteinEvaluations.get()
                        + graph.counters().ssimEvaluations.get();

        assertThat(graph.add(sites.get(1).get(3)).changed()).isEmpty();

        EdgeWeights calibrated = new EdgeWeights(1, 0.01, -1, 1, "none", Instant.EPOCH);
        AffinityGraph.Update update = graph.setWeights(calibrated);
        assertThat(update.changed()).hasSize(24 * 23 / 2);
        for (AffinityEdge e : update.changed()) {
            assertThat(e.weightsVersion()).isEqualTo(1);
            if (e.connected()) {
                assertThat(e.weight()).isCloseTo(0.01 * e.h() - e.r() + 1, within(1e-12));
            } else {
                assertThat(e.weight()).isNull();
            }
        }
        assertThat(
                        graph.counters().wassersteinEvaluations.get()
                                + graph.counters().ssimEvaluations.get())
                .isEqualTo(evaluations);
    }

    @Test
    void restoredEdgesAreNotComputedAgain() {
        AffinityGraph first = graph(new AtomicInteger());
        sites.get(0).forEach(first::add);
        sites.get(1).forEach(first::add);
        List<AffinityEdge> published = new ArrayList<>();
        for (TaskRegistered t : sites.get(0)) {
            published.addAll(first.edgesOf(t.task().toString()));
        }
        for (TaskRegistered t : sites.get(1)) {
            published.addAll(first.edgesOf(t.task().toString()));
        }

        AffinityGraph restarted = graph(new AtomicInteger());
        published.forEach(restarted::restore);
        int computed = 0;
        int changed = 0;
        for (TaskRegistered t : sites.get(0)) {
            var u = restarted.add(t);
            computed += u.pairsComputed();
            changed += u.changed().size();
        }
        for (TaskRegistered t : sites.get(1)) {
            var u = restarted.add(t);
            computed += u.pairsComputed();
            changed += u.changed().size();
        }
        assertThat(computed).isZero();
        assertThat(changed).isZero();
    }

    @Test
    void aTaskWithoutFeaturesLeavesTheGraphUnchanged() {
        AffinityGraph graph = graph(new AtomicInteger());
        sites.get(0).forEach(graph::add);
        TaskRegistered t = sites.get(1).get(0);
        TaskRegistered broken =
                new TaskRegistered(
                        t.task(),
                        t.role(),
                        t.samples(),
                        t.datasetVersion(),
                        t.labelValues().get(0),
                        t.cases(),
                        t.evaluationCases(),
                        List.of("nowhere/a.feat", "nowhere/b.feat"),
                        t.labelFeatureKeys());
        assertThatThrownBy(() -> graph.add(broken))
                .isInstanceOf(FeatureSource.FeatureUnavailableException.class);
        assertThat(graph.taskCount()).isEqualTo(12);
    }

    private static double[] scores(String caseKey, int channel) {
        PhantomCase phantom = phantoms.volumes.get(caseKey);
        NiftiImage image =
                new NiftiImage(
                        PhantomTasks.header(NiftiDatatype.FLOAT32),
                        Voxels.ofFloat32(phantom.channels()[channel]));
        return phantoms.fingerprinter().image("k", "e", image, new int[6]).sortedScores();
    }

    private static double[] mask(String caseKey, int labelValue) {
        PhantomCase phantom = phantoms.volumes.get(caseKey);
        NiftiImage labels =
                new NiftiImage(
                        PhantomTasks.header(NiftiDatatype.UINT8), Voxels.ofUint8(phantom.labels()));
        return phantoms.fingerprinter().label("k", "e", labels, labelValue).resizedMask();
    }
}
