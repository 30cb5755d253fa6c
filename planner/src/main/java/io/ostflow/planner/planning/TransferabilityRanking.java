package io.ostflow.planner.planning;

import io.ostflow.common.events.JobKind;
import io.ostflow.common.events.JobState;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.TrainingCompleted;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.common.events.TransferabilityScore;
import io.ostflow.planner.graph.TransferPath;
import io.ostflow.planner.ledger.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The transferability ranking (docs/planner.md, Ranking), beyond the paper: the paper's search
 * stays the shortlist (the OST path and its alternatives; the {@code 1 + alternatives} sources of
 * least w(s, t)), and each candidate is re-ranked by a transferability score (LEEP, Nguyen et al.,
 * ICML 2020, by default; {@code ostflow.planner.transferability-score}) of its last source stage on
 * the target's labelled cases, which a {@link ScoringJobs scoring job} measures with forward passes
 * once the candidate's source stages are trained. LEEP was chosen because the audits measured it
 * ranking sources well where the affinity cost did not (docs/results.md), it needs no fine-tuning
 * and no held-out case, and the trainer computes it already; the other scores are measured beside
 * it, so an audit compares them on the same models.
 *
 * <p>The ranking is decided once every candidate's scoring job has finished; until then the OST
 * order stands and every score reads as pending, so a plan changes once, when the decision is made,
 * not with every score that arrives. Higher score first; equal scores keep the OST order (a stable
 * sort); a candidate whose scoring job failed goes last, unscored. With {@code singleSource}, paths
 * and single sources then compete: where the best-scored source scores strictly higher than the
 * best-scored path, the plan is the one-hop path from that source (the best-scored path follows as
 * the first alternative), since both scores measure a source-side model on the same target cases
 * and the audits found single sources paying more than two-hop paths at the paper's budget
 * (docs/results.md). O(k log k) for k candidates.
 */
final class TransferabilityRanking {
    private final int shortlist;
    private final ScoringJobs scoring;
    private final TransferabilityScore by;
    private final boolean singleSource;

    /**
     * @param alternatives the plan's alternatives: {@code 1 + alternatives} paths and sources are
     *     scored
     * @param by the score candidates are ordered by
     * @param singleSource whether a source that outscores every path becomes the plan
     */
    TransferabilityRanking(
            int alternatives, ScoringJobs scoring, TransferabilityScore by, boolean singleSource) {
        if (alternatives < 0) {
            throw new IllegalArgumentException("alternatives must be >= 0, was " + alternatives);
        }
        this.shortlist = alternatives + 1;
        this.scoring = scoring;
        this.by = java.util.Objects.requireNonNull(by, "by");
        this.singleSource = singleSource;
    }

    /**
     * The shortlist in its new order.
     *
     * @param paths the paths, best first (the OST order, or the new one once decided; a one-hop
     *     path first where a single source outscored them)
     * @param directs the sources, best first
     * @param scores every candidate: paths first, then sources, each with its LEEP once decided
     * @param decided true once every scoring job has finished
     */
    record Decision(
            List<TransferPath> paths,
            List<TransferPath.Term> directs,
            List<Plan.Score> scores,
            boolean decided) {}

    /**
     * @param paths the OST paths, cheapest first
     * @param directs the connected sources, cheapest first
     * @param available a task's training cases
     * @param jobs what the planner knows of a job, by id
     */
    Decision rank(
            String target,
            long planVersion,
            List<TransferPath> paths,
            List<TransferPath.Term> directs,
            Function<String, OptionalInt> available,
            Function<String, Optional<JobStatus>> jobs) {
        List<TransferPath> p = paths.subList(0, Math.min(shortlist, paths.size()));
        List<TransferPath.Term> d = directs.subList(0, Math.min(shortlist, directs.size()));
        List<Plan.Score> measured = new ArrayList<>();
        for (TransferPath path : p) {
            measured.add(
                    score(target, JobKind.SEQUENTIAL, path.path(), planVersion, available, jobs));
        }
        for (TransferPath.Term term : d) {
            measured.add(
                    score(
                            target,
                            JobKind.DIRECT,
                            List.of(term.from()),
                            planVersion,
                            available,
                            jobs));
        }
        boolean decided = measured.stream().allMatch(s -> finished(s, jobs));
        if (!decided) {
            List<Plan.Score> pending =
                    measured.stream()
                            .map(
                                    s ->
                                            new Plan.Score(
                                                    s.kind(),
                                                    s.sources(),
                                                    s.jobId(),
                                                    null,
                                                    by,
                                                    null))
                            .toList();
            return new Decision(paths, directs, pending, false);
        }
        List<Double> pathScores =
                measured.subList(0, p.size()).stream().map(Plan.Score::value).toList();
        List<Double> directScores =
                measured.subList(p.size(), measured.size()).stream()
                        .map(Plan.Score::value)
                        .toList();
        List<TransferPath> rankedPaths = new ArrayList<>(byScore(p, pathScores));
        rankedPaths.addAll(paths.subList(p.size(), paths.size()));
        List<TransferPath.Term> rankedDirects = new ArrayList<>(byScore(d, directScores));
        rankedDirects.addAll(directs.subList(d.size(), directs.size()));
        if (singleSource && outscores(best(directScores), best(pathScores))) {
            TransferPath.Term source = rankedDirects.get(0);
            rankedPaths.add(
                    0, new TransferPath(List.of(source.from()), source.weight(), List.of(source)));
        }
        return new Decision(rankedPaths, rankedDirects, measured, true);
    }

    /** The highest known score; null when none is known. */
    private static Double best(List<Double> scores) {
        return scores.stream().filter(java.util.Objects::nonNull).max(Double::compare).orElse(null);
    }

    /** Strictly higher: on a tie, or with no source scored, the path (the paper's form) stays. */
    private static boolean outscores(Double source, Double path) {
        return source != null && (path == null || source > path);
    }

    /** The scoring jobs a decision still needs, each once. */
    List<TrainingJob> jobs(Plan plan, Function<String, OptionalInt> available) {
        return plan.scores().stream()
                .map(
                        s ->
                                scoring.of(
                                        plan.target(),
                                        s.kind(),
                                        s.sources(),
                                        plan.version(),
                                        available))
                .toList();
    }

    /**
     * The candidates by score, highest first; equal scores in their given order; unscored (null)
     * last, in their given order. O(k log k).
     */
    static <T> List<T> byScore(List<T> candidates, List<Double> scores) {
        Comparator<Integer> order =
                Comparator.comparing(
                        (Integer i) -> scores.get(i),
                        Comparator.nullsLast(Comparator.reverseOrder()));
        return IntStream.range(0, candidates.size())
                .boxed()
                .sorted(order)
                .map(candidates::get)
                .toList();
    }

    private Plan.Score score(
            String target,
            JobKind kind,
            List<String> sources,
            long planVersion,
            Function<String, OptionalInt> available,
            Function<String, Optional<JobStatus>> jobs) {
        String id = scoring.of(target, kind, sources, planVersion, available).jobId();
        Optional<TrainingCompleted> result =
                jobs.apply(id)
                        .filter(s -> s.state() == JobState.COMPLETED && s.result() != null)
                        .map(JobStatus::result);
        return new Plan.Score(
                kind,
                sources,
                id,
                result.map(r -> finite(r.leep())).orElse(null),
                by,
                result.map(r -> finite(r.score(by))).orElse(null));
    }

    private static Double finite(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    private static boolean finished(Plan.Score score, Function<String, Optional<JobStatus>> jobs) {
        return score.value() != null
                || jobs.apply(score.jobId()).map(s -> !s.state().open()).orElse(false);
    }
}
