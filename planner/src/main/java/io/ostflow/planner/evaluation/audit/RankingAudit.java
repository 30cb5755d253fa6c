package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.AuditScheduled;
import io.ostflow.common.events.PlanRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner's two rankings replayed on one target's trained grid (docs/planner.md, Audits): which
 * path and which single source each would plan, and how far that lands from the best trained one.
 * Affinity takes the cheapest (the OST path; argmin w(s, t)). Transferability re-ranks the {@code
 * shortlist} cheapest by the LEEP each trained transfer measured of its last source stage (the
 * score a scoring job measures), per seed: each seed's choice is made on that seed's LEEP, graded
 * on that seed's held-out Dice. Each ranking's transfer is the one it would plan when paths and
 * single sources compete: affinity's is its path (the paper plans the OST path), transferability's
 * the higher-scored of its path and its source (the path on a tie), since both scores measure a
 * source-side model on the same target cases. Regret's reference, the best trained path, source or
 * either, is chosen by validation Dice (once, over seeds): nothing here is chosen by the cases it
 * is graded on. O(grid x seeds).
 */
final class RankingAudit {
    /**
     * Per-seed values of a replay: Dice and regret of the path, the source and the transfer, then
     * the validation Dice of the path and of the transfer.
     */
    private static final int VALUES = 8;

    private final int shortlist;
    private final int seeds;

    RankingAudit(int shortlist, int seeds) {
        if (shortlist < 1) {
            throw new IllegalArgumentException("the shortlist must be >= 1, was " + shortlist);
        }
        this.shortlist = shortlist;
        this.seeds = seeds;
    }

    /**
     * One grid of a target, cheapest first.
     *
     * @param keys candidate keys, cheapest first (ties by key)
     * @param cost each candidate's cost
     * @param dice held-out Dice per seed
     * @param leep LEEP per seed
     * @param validation validation Dice per seed
     */
    record Grid(
            List<String> keys,
            Map<String, Double> cost,
            Map<String, double[]> dice,
            Map<String, double[]> leep,
            Map<String, double[]> validation) {}

    /**
     * One ranking on one target, with its per-seed values for the summary.
     *
     * @param perSeed path Dice, path regret, source Dice, source regret, transfer Dice, transfer
     *     regret, path validation Dice, transfer validation Dice, each per seed
     */
    record Replayed(AuditReport.RankingResult result, double[][] perSeed) {}

    /** A target's grids from an audit's candidates and their per-seed values. */
    static Grid grid(
            AuditScheduled.Target t,
            io.ostflow.common.events.JobKind kind,
            Map<String, double[]> dice,
            Map<String, double[]> leep,
            Map<String, double[]> validation) {
        return new Grid(TrainedGrid.keys(t, kind), TrainedGrid.costs(t), dice, leep, validation);
    }

    /** Both rankings on a target's path grid and source grid. */
    List<Replayed> of(Grid paths, Grid sources) {
        return of(paths, sources, List.of(PlanRanking.values()));
    }

    /** The given rankings on a target's path grid and source grid. */
    List<Replayed> of(Grid paths, Grid sources, List<PlanRanking> rankings) {
        List<Replayed> out = new ArrayList<>();
        for (PlanRanking ranking : rankings) {
            RankingChoice path = choose(ranking, paths);
            RankingChoice source = choose(ranking, sources);
            RankingChoice transfer =
                    ranking == PlanRanking.AFFINITY ? path : higher(paths, path, sources, source);
            Grid either = union(paths, sources);
            double[][] perSeed = {
                path.dice(),
                regret(paths, path),
                source.dice(),
                regret(sources, source),
                transfer.dice(),
                regret(either, transfer),
                validation(paths, path),
                validation(either, transfer)
            };
            out.add(
                    new Replayed(
                            new AuditReport.RankingResult(
                                    ranking,
                                    path.modal(),
                                    Cell.of(perSeed[0], null),
                                    Cell.of(perSeed[1], null),
                                    source.modal(),
                                    Cell.of(perSeed[2], null),
                                    Cell.of(perSeed[3], null),
                                    transfer.modal(),
                                    Cell.of(perSeed[4], null),
                                    Cell.of(perSeed[5], null),
                                    correlation(ranking, paths, RankCorrelation::spearman),
                                    correlation(ranking, paths, RankCorrelation::kendall),
                                    correlation(ranking, sources, RankCorrelation::spearman),
                                    correlation(ranking, sources, RankCorrelation::kendall)),
                            perSeed));
        }
        return out;
    }

    /**
     * Each ranking over the targets: values averaged over targets per seed (a seed missing on any
     * target is missing), then mean ± sd over seeds; correlations averaged where known.
     */
    List<AuditReport.RankingSummary> summary(List<List<Replayed>> targets) {
        List<AuditReport.RankingSummary> out = new ArrayList<>();
        for (PlanRanking ranking : PlanRanking.values()) {
            if (targets.stream()
                    .flatMap(List::stream)
                    .noneMatch(r -> r.result().ranking() == ranking)) {
                continue;
            }
            List<Replayed> of =
                    targets.stream()
                            .flatMap(List::stream)
                            .filter(r -> r.result().ranking() == ranking)
                            .toList();
            Cell[] cells = new Cell[VALUES];
            for (int v = 0; v < VALUES; v++) {
                double[] mean = new double[seeds];
                for (int k = 0; k < seeds; k++) {
                    for (Replayed r : of) {
                        mean[k] += r.perSeed()[v][k] / of.size();
                    }
                }
                cells[v] = Cell.of(of.isEmpty() ? SeedStats.nan(seeds) : mean, null);
            }
            out.add(
                    new AuditReport.RankingSummary(
                            ranking,
                            cells[0],
                            cells[1],
                            cells[2],
                            cells[3],
                            cells[4],
                            cells[5],
                            cells[6],
                            cells[7],
                            mean(of, AuditReport.RankingResult::pathRho),
                            mean(of, AuditReport.RankingResult::pathTau),
                            mean(of, AuditReport.RankingResult::sourceRho),
                            mean(of, AuditReport.RankingResult::sourceTau)));
        }
        return out;
    }

    private static Double mean(
            List<Replayed> of,
            java.util.function.Function<AuditReport.RankingResult, Double> value) {
        return SeedStats.nullIfNaN(
                of.stream()
                        .map(r -> value.apply(r.result()))
                        .filter(v -> v != null)
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(Double.NaN));
    }

    private RankingChoice choose(PlanRanking ranking, Grid grid) {
        String[] keys = new String[seeds];
        double[] dice = SeedStats.nan(seeds);
        for (int k = 0; k < seeds; k++) {
            keys[k] = ranking == PlanRanking.AFFINITY ? cheapest(grid, k) : bestScored(grid, k);
            if (keys[k] != null) {
                dice[k] = grid.dice().get(keys[k])[k];
            }
        }
        return new RankingChoice(keys, dice);
    }

    /**
     * Per seed, the higher-scored of the chosen path and the chosen source; the path on a tie or
     * where the source has no choice.
     */
    private RankingChoice higher(
            Grid paths, RankingChoice path, Grid sources, RankingChoice source) {
        String[] keys = new String[seeds];
        double[] dice = SeedStats.nan(seeds);
        for (int k = 0; k < seeds; k++) {
            String p = path.keys()[k];
            String s = source.keys()[k];
            boolean sourceWins =
                    s != null && (p == null || sources.leep().get(s)[k] > paths.leep().get(p)[k]);
            keys[k] = sourceWins ? s : p;
            dice[k] = sourceWins ? source.dice()[k] : path.dice()[k];
        }
        return new RankingChoice(keys, dice);
    }

    /** Both grids as one: paths first, then sources (their keys never collide: kind:sources). */
    private static Grid union(Grid paths, Grid sources) {
        List<String> keys = new ArrayList<>(paths.keys());
        keys.addAll(sources.keys());
        return new Grid(
                keys,
                merged(paths.cost(), sources.cost()),
                merged(paths.dice(), sources.dice()),
                merged(paths.leep(), sources.leep()),
                merged(paths.validation(), sources.validation()));
    }

    private static <V> Map<String, V> merged(Map<String, V> a, Map<String, V> b) {
        Map<String, V> out = new java.util.HashMap<>(a);
        out.putAll(b);
        return out;
    }

    /** The cheapest trained candidate with a result at seed k. */
    private static String cheapest(Grid grid, int k) {
        return grid.keys().stream()
                .filter(key -> !Double.isNaN(grid.dice().get(key)[k]))
                .findFirst()
                .orElse(null);
    }

    /** Of the shortlist, the highest LEEP at seed k; ties to the cheaper. */
    private String bestScored(Grid grid, int k) {
        String best = null;
        double bestLeep = Double.NEGATIVE_INFINITY;
        for (String key : grid.keys().subList(0, Math.min(shortlist, grid.keys().size()))) {
            double leep = grid.leep().get(key)[k];
            if (!Double.isNaN(leep) && !Double.isNaN(grid.dice().get(key)[k]) && leep > bestLeep) {
                best = key;
                bestLeep = leep;
            }
        }
        return best;
    }

    /** Per seed, the chosen candidate's validation Dice. */
    private double[] validation(Grid grid, RankingChoice choice) {
        double[] out = SeedStats.nan(seeds);
        for (int k = 0; k < seeds; k++) {
            String key = choice.keys()[k];
            if (key != null && grid.validation().containsKey(key)) {
                out[k] = grid.validation().get(key)[k];
            }
        }
        return out;
    }

    /** Per seed: the validated best candidate's held-out Dice minus the chosen one's. */
    private double[] regret(Grid grid, RankingChoice choice) {
        String best = SeedStats.bestKey(grid.keys(), grid.validation());
        if (best == null) {
            return SeedStats.nan(seeds);
        }
        return SeedStats.minus(grid.dice().get(best), choice.dice());
    }

    /**
     * The ranking's score against mean held-out Dice over the whole grid: cost (good near -1) for
     * affinity, mean LEEP (good near +1) for transferability.
     */
    private static Double correlation(
            PlanRanking ranking,
            Grid grid,
            java.util.function.ToDoubleBiFunction<double[], double[]> measure) {
        Map<String, Double> score =
                ranking == PlanRanking.AFFINITY
                        ? grid.cost()
                        : SeedStats.means(grid.keys(), grid.leep());
        return SeedStats.correlation(grid.keys(), score, grid.dice(), measure);
    }
}
