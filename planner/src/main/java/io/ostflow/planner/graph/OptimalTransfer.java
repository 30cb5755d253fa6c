package io.ostflow.planner.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleBiFunction;

/**
 * The Optimal Sequential Transfer path of a target (docs/algorithm.md, 7, paper eq. 8-9): over
 * every representative r and every sequence of distinct intermediates v1..v(l-1) from r's cluster
 * (v_i != r), minimise {@code w(r, t) + w(r, v1) + sum w(v_i, v_i+1) + w(v(l-1), t)}. Every term
 * must be a connected pair; unconnected pairs make the candidate impossible.
 *
 * <p>Candidates are ranked by cost, then by their path in string order, so equal costs always give
 * the same plan. Running time O(R * C^(l-1)) for R clusters of at most C members.
 */
public final class OptimalTransfer {
    private final int length;
    private final int alternatives;

    /**
     * @param length l, the number of transfer steps into the target (default 2: r -> i -> t)
     * @param alternatives how many next-best paths to report
     */
    public OptimalTransfer(int length, int alternatives) {
        if (length < 2) {
            throw new IllegalArgumentException(
                    "path length must be >= 2 (r -> ... -> t), was " + length);
        }
        if (alternatives < 0) {
            throw new IllegalArgumentException("alternatives must be >= 0");
        }
        this.length = length;
        this.alternatives = alternatives;
    }

    /** Best path first, then up to {@code alternatives} more; empty if none is connected. */
    public List<TransferPath> rank(
            String target,
            Clustering clustering,
            List<String> representatives,
            ToDoubleBiFunction<String, String> weight) {
        List<TransferPath> candidates = new ArrayList<>();
        for (int c = 0; c < representatives.size(); c++) {
            String r = representatives.get(c);
            double direct = weight.applyAsDouble(r, target);
            if (Double.isNaN(direct)) {
                continue;
            }
            List<String> others =
                    clustering.clusters().get(c).stream()
                            .filter(v -> !v.equals(r))
                            .sorted()
                            .toList();
            List<String> prefix = new ArrayList<>(List.of(r));
            extend(target, prefix, others, weight, candidates);
        }
        candidates.sort(
                Comparator.comparingDouble(TransferPath::cost)
                        .thenComparing(p -> String.join(">", p.path())));
        return List.copyOf(candidates.subList(0, Math.min(candidates.size(), alternatives + 1)));
    }

    /**
     * Paths of the paper's form that start at {@code start} instead of a representative, through
     * {@code pool} (its cluster): the fallback for a target that no representative reaches. Best
     * first, then up to {@code alternatives} more; empty when start is not connected to the target
     * or no such path is. O(C^(l-1)) for a pool of C.
     */
    public List<TransferPath> rankFrom(
            String target,
            String start,
            List<String> pool,
            ToDoubleBiFunction<String, String> weight) {
        List<TransferPath> candidates = new ArrayList<>();
        if (!Double.isNaN(weight.applyAsDouble(start, target))) {
            List<String> others = pool.stream().filter(v -> !v.equals(start)).sorted().toList();
            extend(target, new ArrayList<>(List.of(start)), others, weight, candidates);
        }
        candidates.sort(
                Comparator.comparingDouble(TransferPath::cost)
                        .thenComparing(p -> String.join(">", p.path())));
        return List.copyOf(candidates.subList(0, Math.min(candidates.size(), alternatives + 1)));
    }

    /** The best single source for the target: argmin over sources of w(s, t), ties by id. */
    public static Optional<TransferPath.Term> bestDirect(
            String target, List<String> sources, ToDoubleBiFunction<String, String> weight) {
        return connectedSources(target, sources, weight).stream().findFirst();
    }

    /**
     * Every source connected to the target with w(s, t), cheapest first, ties by id. O(S log S).
     */
    public static List<TransferPath.Term> connectedSources(
            String target, List<String> sources, ToDoubleBiFunction<String, String> weight) {
        return sources.stream()
                .sorted()
                .filter(s -> !Double.isNaN(weight.applyAsDouble(s, target)))
                .map(s -> new TransferPath.Term(s, target, weight.applyAsDouble(s, target)))
                .sorted(Comparator.comparingDouble(TransferPath.Term::weight))
                .toList();
    }

    private void extend(
            String target,
            List<String> prefix,
            List<String> pool,
            ToDoubleBiFunction<String, String> weight,
            List<TransferPath> out) {
        if (prefix.size() == length) {
            cost(target, prefix, weight).ifPresent(out::add);
            return;
        }
        for (String v : pool) {
            if (!prefix.contains(v)
                    && !Double.isNaN(weight.applyAsDouble(prefix.get(prefix.size() - 1), v))) {
                prefix.add(v);
                extend(target, prefix, pool, weight, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static Optional<TransferPath> cost(
            String target, List<String> path, ToDoubleBiFunction<String, String> weight) {
        List<TransferPath.Term> terms = new ArrayList<>();
        String r = path.get(0);
        terms.add(new TransferPath.Term(r, target, weight.applyAsDouble(r, target)));
        for (int i = 0; i + 1 < path.size(); i++) {
            terms.add(
                    new TransferPath.Term(
                            path.get(i),
                            path.get(i + 1),
                            weight.applyAsDouble(path.get(i), path.get(i + 1))));
        }
        String last = path.get(path.size() - 1);
        terms.add(new TransferPath.Term(last, target, weight.applyAsDouble(last, target)));
        double total = 0;
        for (TransferPath.Term term : terms) {
            if (Double.isNaN(term.weight())) {
                return Optional.empty();
            }
            total += term.weight();
        }
        return Optional.of(new TransferPath(path, total, terms));
    }
}
