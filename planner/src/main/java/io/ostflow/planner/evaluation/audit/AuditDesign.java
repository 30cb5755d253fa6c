package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.Plan;
import io.ostflow.common.events.PlanRanking;
import io.ostflow.common.events.TrainingJob;
import io.ostflow.planner.graph.TransferPath;
import io.ostflow.planner.ledger.TrainingBudget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The candidates and jobs of one audited target (docs/planner.md, Audits): the paper's Table 1
 * (scratch, direct from the path's first source, the OST path), Table 3 (every connected source and
 * every admissible path, or the cheapest {@code gridLimit} of each) and Table 4's random baselines
 * (uniform draws over every connected source and every admissible path, each seed its own, seeded
 * by target and seed), ostflow's own single-source choice and the multi-task baseline (the path's
 * tasks pre-trained at once, then the target). Each candidate is trained once per seed; candidates
 * that several questions share are trained once.
 *
 * <p>Budgets: a direct candidate pre-trains on D cases of its source, a sequential one as {@link
 * TrainingBudget#of} caps it, and both fine-tune on F target cases, so every transfer sees the
 * paper's number of training cases (or what its tasks have). Job ids hash (target, candidate, seed,
 * stages), so a candidate that two audits share is one job. O(grid x seeds).
 */
public final class AuditDesign {
    private final CandidateStages candidateStages;
    private final long baseSeed;

    /**
     * @param budget the planner's training budget
     * @param baseSeed seed k of an audit is {@code baseSeed + k}; seed 0 is the plans' own
     */
    public AuditDesign(TrainingBudget budget, long baseSeed) {
        this.candidateStages = new CandidateStages(Objects.requireNonNull(budget));
        this.baseSeed = baseSeed;
    }

    /**
     * What an audit asks, checked.
     *
     * @param targets the target tasks to audit
     * @param seeds training seeds per candidate (>= 1)
     * @param gridLimit the most direct sources and paths per target (0: every one)
     * @param randomDraws draws of each random baseline (>= 1)
     * @param rankings the planner rankings to replay on the trained grids (at least one)
     */
    public record Request(
            List<String> targets,
            int seeds,
            int gridLimit,
            int randomDraws,
            List<PlanRanking> rankings) {
        public Request {
            targets = List.copyOf(targets);
            rankings = List.copyOf(rankings).stream().distinct().sorted().toList();
            if (targets.isEmpty() || rankings.isEmpty()) {
                throw new IllegalArgumentException("an audit needs a target and a ranking");
            }
            if (seeds < 1 || seeds > 20 || randomDraws < 1 || randomDraws > 100) {
                throw new IllegalArgumentException(
                        "seeds must be 1..20 and random draws 1..100, were "
                                + seeds
                                + " and "
                                + randomDraws);
            }
            if (gridLimit < 0) {
                throw new IllegalArgumentException(
                        "the grid limit must be >= 0 (0: exhaustive), was " + gridLimit);
            }
        }

        /** An audit of both rankings. */
        public Request(List<String> targets, int seeds, int gridLimit, int randomDraws) {
            this(targets, seeds, gridLimit, randomDraws, List.of(PlanRanking.values()));
        }

        /**
         * This request with a grid that trains the transferability ranking's whole shortlist of
         * {@code shortlist} paths and sources, when it replays that ranking under a grid limit.
         */
        public Request covering(int shortlist) {
            boolean raise =
                    rankings.contains(PlanRanking.TRANSFERABILITY)
                            && gridLimit > 0
                            && gridLimit < shortlist;
            return raise ? new Request(targets, seeds, shortlist, randomDraws, rankings) : this;
        }
    }

    /** One target's part of an audit and the jobs it needs. */
    public record Designed(AuditScheduled.Target target, List<TrainingJob> jobs) {}

    /** The seeds of an audit of {@code seeds} seeds. */
    public List<Long> seeds(int seeds) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            out.add(baseSeed + k);
        }
        return out;
    }

    /**
     * @param paths every admissible path of the target, cheapest first ({@code OptimalTransfer}
     *     with no limit on alternatives)
     * @param directs every connected source with w(s, t), cheapest first
     * @param available a task's training cases, empty when unknown
     */
    public Designed design(
            String auditId,
            Request request,
            Plan plan,
            List<TransferPath> paths,
            List<TransferPath.Term> directs,
            Function<String, OptionalInt> available,
            Instant now) {
        String t = plan.target();
        if (paths.isEmpty() || directs.isEmpty()) {
            throw new IllegalStateException(
                    t + " has no admissible path or connected source (yet)");
        }
        Map<String, Draft> drafts = new LinkedHashMap<>();
        String scratch = add(drafts, Draft.scratch());
        String direct = add(drafts, Draft.direct(plan.path().get(0), weightOf(directs, plan)));
        String sequential = add(drafts, Draft.sequential(plan.path(), plan.cost()));
        String ostflow = add(drafts, Draft.direct(directs.get(0).from(), directs.get(0).weight()));
        String multitask = add(drafts, Draft.multitask(plan.path(), plan.cost()));
        List<String> directGrid = new ArrayList<>();
        for (TransferPath.Term d : limit(directs, request.gridLimit())) {
            directGrid.add(add(drafts, Draft.direct(d.from(), d.weight())));
        }
        List<String> sequentialGrid = new ArrayList<>();
        for (TransferPath p : limit(paths, request.gridLimit())) {
            sequentialGrid.add(add(drafts, Draft.sequential(p.path(), p.cost())));
        }
        // Table 4's random baselines: each seed draws its own, seeded by target and seed; a
        // candidate only drawn trains at the seeds that drew it
        Set<String> everySeed = new HashSet<>(drafts.keySet());
        Map<String, Set<Integer>> drawnAt = new HashMap<>();
        List<String> randomDirect = new ArrayList<>();
        List<String> randomSequential = new ArrayList<>();
        List<Long> seeds = seeds(request.seeds());
        for (int k = 0; k < seeds.size(); k++) {
            SplittableRandom random = new SplittableRandom(mix(seeds.get(k), t));
            for (int i = 0; i < request.randomDraws(); i++) {
                TransferPath.Term d = directs.get(random.nextInt(directs.size()));
                randomDirect.add(drawn(drafts, Draft.direct(d.from(), d.weight()), k, drawnAt));
                TransferPath p = paths.get(random.nextInt(paths.size()));
                randomSequential.add(
                        drawn(drafts, Draft.sequential(p.path(), p.cost()), k, drawnAt));
            }
        }
        drawnAt.keySet().removeAll(everySeed);
        List<AuditScheduled.Candidate> candidates = new ArrayList<>();
        List<TrainingJob> jobs = new ArrayList<>();
        for (Draft draft : drafts.values()) {
            List<TrainingJob.Stage> stages =
                    candidateStages.of(draft.kind(), draft.sources(), t, available);
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < seeds.size(); k++) {
                Set<Integer> only = drawnAt.get(draft.key());
                if (only != null && !only.contains(k)) {
                    ids.add(null);
                    continue;
                }
                String id = jobId(t, draft.key(), seeds.get(k), stages);
                ids.add(id);
                jobs.add(
                        new TrainingJob(
                                id,
                                t,
                                draft.kind(),
                                plan.version(),
                                stages,
                                seeds.get(k),
                                now,
                                auditId));
            }
            candidates.add(
                    new AuditScheduled.Candidate(
                            draft.key(), draft.kind(), draft.sources(), draft.cost(), ids));
        }
        AuditScheduled.Selection selection =
                new AuditScheduled.Selection(
                        scratch,
                        direct,
                        sequential,
                        ostflow,
                        directGrid,
                        directGrid.size() == directs.size(),
                        sequentialGrid,
                        sequentialGrid.size() == paths.size(),
                        randomDirect,
                        randomSequential,
                        multitask,
                        request.randomDraws());
        return new Designed(
                new AuditScheduled.Target(t, plan.version(), candidates, selection), jobs);
    }

    /** A random draw at seed index k: recorded, and the seeds it trains at noted. */
    private static String drawn(
            Map<String, Draft> drafts, Draft draft, int k, Map<String, Set<Integer>> drawnAt) {
        drawnAt.computeIfAbsent(draft.key(), x -> new java.util.TreeSet<>()).add(k);
        return add(drafts, draft);
    }

    private static String add(Map<String, Draft> drafts, Draft draft) {
        drafts.putIfAbsent(draft.key(), draft);
        return draft.key();
    }

    /** w(s, t) of the path's first source; its edge is connected, since the path uses it. */
    private static double weightOf(List<TransferPath.Term> directs, Plan plan) {
        String first = plan.path().get(0);
        return directs.stream()
                .filter(d -> d.from().equals(first))
                .mapToDouble(TransferPath.Term::weight)
                .findFirst()
                .orElse(plan.terms().get(0).weight());
    }

    private static <T> List<T> limit(List<T> all, int limit) {
        return limit == 0 || all.size() <= limit ? all : all.subList(0, limit);
    }

    /** Independent of the audit, so that audits share the jobs of the same candidate and seed. */
    static String jobId(String target, String key, long seed, List<TrainingJob.Stage> stages) {
        StringBuilder text = new StringBuilder("audit|" + target + "|" + key + "|" + seed);
        for (TrainingJob.Stage s : stages) {
            text.append('|').append(s.type()).append(s.task()).append(s.cases());
            s.joint().forEach(j -> text.append('+').append(j.task()).append(j.cases()));
        }
        return "job-" + sha256(text.toString()).substring(0, 16);
    }

    /** The audit's id: its request and the plan versions it measures. */
    public static String auditId(Request request, List<Plan> plans) {
        StringBuilder text =
                new StringBuilder(
                        request.seeds() + "|" + request.gridLimit() + "|" + request.randomDraws());
        if (request.rankings().size() < PlanRanking.values().length) {
            text.append("|rankings=").append(request.rankings());
        }
        plans.stream()
                .sorted((a, b) -> a.target().compareTo(b.target()))
                .forEach(p -> text.append('|').append(p.target()).append('@').append(p.version()));
        return "audit-" + sha256(text.toString()).substring(0, 16);
    }

    private static long mix(long seed, String target) {
        return seed * 0x9E3779B97F4A7C15L ^ sha256(target).hashCode();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
