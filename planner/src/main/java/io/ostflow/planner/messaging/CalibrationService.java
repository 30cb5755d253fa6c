package io.ostflow.planner.messaging;

import io.ostflow.common.TaskId;
import io.ostflow.common.events.AffinityEdge;
import io.ostflow.common.events.CloudEventMessages;
import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.EventTypes;
import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.weights.EdgeWeighting;
import io.ostflow.planner.config.PlannerConfig;
import io.ostflow.planner.evaluation.audit.AuditReport;
import io.ostflow.planner.evaluation.calibration.CrossValidation;
import io.ostflow.planner.evaluation.calibration.WeightCalibration;
import io.ostflow.planner.ledger.JobStatus;
import io.ostflow.planner.planning.PlanningEngine;
import io.ostflow.planner.planning.WeightsState;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Fits alpha and beta from finished transfers (sequential paths, and direct transfers as one-term
 * paths), within targets and on min-max scaled H and R ({@link WeightCalibration}), and publishes
 * them, with {@code minmax} normalisation, to the weights topic the affinity-worker follows, but
 * only when the fit is predictive: weights that H and R cannot justify are not moved. Keeps the
 * history of every calibration since start, the ones not published with the reason.
 */
@ApplicationScoped
public class CalibrationService {
    private static final Logger LOG = Logger.getLogger(CalibrationService.class);
    private static final URI SOURCE = CloudEventMessages.source("planner");

    @Inject PlanningEngine engine;

    @Inject WeightsState weights;

    @Inject PlannerConfig config;

    @Inject
    @Channel(Channels.WEIGHTS_OUT)
    MutinyEmitter<String> out;

    private final List<Entry> history = new ArrayList<>();
    private int calibratedOn;

    /**
     * One calibration.
     *
     * @param weights what was published, or what the fit found when it was not
     * @param correlation within-target correlation between cost and -Dice at the fitted weights
     * @param results finished jobs it used
     * @param published false when the fit was not predictive: the weights in force stay
     * @param reason why it was not published (the numbers), null when it was
     */
    public record Entry(
            EdgeWeights weights,
            double correlation,
            int results,
            boolean published,
            String reason) {}

    /**
     * Calibrates when {@code min-results} results exist that the last calibration did not use;
     * called after each finished job. Every calibration changes the weights, hence the plans, hence
     * enqueues jobs whose results would trigger the next one at once: hence the spacing.
     */
    public synchronized Optional<Entry> maybeCalibrate() {
        List<WeightCalibration.Observation> observations = observations();
        if (observations.size() < calibratedOn + config.calibration().minResults()) {
            return Optional.empty();
        }
        return Optional.of(calibrate(observations));
    }

    /**
     * Calibrates now.
     *
     * @throws IllegalStateException with the reason when there are too few results
     */
    public synchronized Entry calibrateNow() {
        List<WeightCalibration.Observation> observations = observations();
        int needed = Math.max(3, config.calibration().minResults());
        if (observations.size() < needed) {
            throw new IllegalStateException(
                    "calibration needs "
                            + needed
                            + " finished transfers with known edges; "
                            + observations.size()
                            + " exist");
        }
        return calibrate(observations);
    }

    public synchronized List<Entry> history() {
        return List.copyOf(history);
    }

    private Entry calibrate(List<WeightCalibration.Observation> observations) {
        WeightCalibration.Calibrated fit =
                new WeightCalibration(
                                config.calibration().evaluations(), config.calibration().seed())
                        .calibrate(observations);
        EdgeWeights current = weights.current();
        EdgeWeights next =
                new EdgeWeights(
                        current.version() + 1,
                        fit.alpha(),
                        -fit.beta(),
                        fit.c(),
                        EdgeWeights.MINMAX,
                        Clock.systemUTC().instant());
        calibratedOn = observations.size();
        if (!fit.predictive()) {
            String reason = fit.whyNotPredictive();
            Entry entry = new Entry(next, fit.correlation(), observations.size(), false, reason);
            history.add(entry);
            LOG.infof("weights v%d kept: %s", current.version(), reason);
            return entry;
        }
        // c = beta keeps every weight >= 0 by construction; a set that does not is never published
        EdgeWeighting.requireNonNegative(next);
        out.sendMessage(
                        CloudEventMessages.message(
                                SOURCE, EdgeWeights.KEY, EventTypes.WEIGHTS_CHANGED, next))
                .await()
                .atMost(Duration.ofSeconds(60));
        weights.set(next);
        Entry entry = new Entry(next, fit.correlation(), observations.size(), true, null);
        history.add(entry);
        LOG.infof(
                "calibrated weights v%d from %d results: alpha %.4g, beta %.4g, correlation %.3f",
                next.version(), observations.size(), next.alpha(), next.beta(), fit.correlation());
        return entry;
    }

    /**
     * Finished sequential and direct jobs whose every path term has a known edge, with H and R
     * min-max scaled over every known pair, as the affinity-worker scales them under the {@code
     * minmax} normalisation the calibrated weights are published with.
     */
    private List<WeightCalibration.Observation> observations() {
        EdgeWeighting.Ranges ranges = ranges();
        List<WeightCalibration.Observation> list = new ArrayList<>();
        for (JobStatus status : engine.jobs()) {
            TrainingJob job = status.job();
            if (status.state() != JobState.COMPLETED
                    || !isTransfer(job.kind())
                    || status.dice() == null
                    || !Double.isFinite(status.dice())) {
                continue;
            }
            List<String> path =
                    job.stages().stream()
                            .filter(s -> s.type().trains() && !s.task().equals(job.target()))
                            .map(TrainingJob.Stage::task)
                            .toList();
            observation(path, job.target(), status.dice(), ranges).ifPresent(list::add);
        }
        return list;
    }

    private static boolean isTransfer(JobKind kind) {
        return kind == JobKind.SEQUENTIAL || kind == JobKind.DIRECT;
    }

    /** The min-max ranges of H and R over every known pair. */
    private EdgeWeighting.Ranges ranges() {
        EdgeWeighting.Ranges ranges = EdgeWeighting.Ranges.EMPTY;
        for (AffinityEdge e : engine.edges()) {
            ranges = ranges.with(e.h(), e.r());
        }
        return ranges;
    }

    /**
     * Calibration cross-validated on an audit ({@link CrossValidation}): per target site, the
     * weights fitted on the other sites' trained paths choose among the held-out targets' own.
     *
     * @throws java.util.NoSuchElementException for an unknown audit
     */
    public CrossValidation.Result crossValidate(String auditId) {
        AuditReport audit = engine.audit(auditId).orElseThrow();
        EdgeWeighting.Ranges ranges = ranges();
        List<CrossValidation.Target> targets = new ArrayList<>();
        for (AuditReport.TargetReport t : audit.targets()) {
            List<CrossValidation.TrainedPath> paths = new ArrayList<>();
            for (AuditReport.CandidateResult c : t.grid()) {
                if (isTransfer(c.kind()) && c.result().dice() != null) {
                    observation(c.sources(), t.target(), c.result().dice(), ranges)
                            .ifPresent(
                                    o ->
                                            paths.add(
                                                    new CrossValidation.TrainedPath(
                                                            c.key(),
                                                            c.kind(),
                                                            o,
                                                            c.validationDice())));
                }
            }
            if (paths.isEmpty()) {
                continue;
            }
            targets.add(
                    new CrossValidation.Target(
                            t.target(),
                            TaskId.parse(t.target()).site(),
                            "sequential:" + String.join(">", t.path()),
                            paths));
        }
        return new CrossValidation(
                        new WeightCalibration(
                                config.calibration().evaluations(), config.calibration().seed()))
                .run(targets);
    }

    private Optional<WeightCalibration.Observation> observation(
            List<String> path, String target, double dice, EdgeWeighting.Ranges ranges) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        List<String[]> terms = new ArrayList<>();
        terms.add(new String[] {path.get(0), target});
        if (path.size() > 1) { // eq. 8; a direct transfer's cost is its one term w(s, t)
            for (int i = 0; i + 1 < path.size(); i++) {
                terms.add(new String[] {path.get(i), path.get(i + 1)});
            }
            terms.add(new String[] {path.get(path.size() - 1), target});
        }
        double[] h = new double[terms.size()];
        double[] r = new double[terms.size()];
        for (int t = 0; t < terms.size(); t++) {
            Optional<AffinityEdge> edge = engine.edge(terms.get(t)[0], terms.get(t)[1]);
            if (edge.isEmpty()) {
                return Optional.empty();
            }
            h[t] = ranges.scaleH(edge.get().h());
            r[t] = ranges.scaleR(edge.get().r());
        }
        return Optional.of(new WeightCalibration.Observation(h, r, dice, target));
    }
}
