package io.ostflow.affinity.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Chooses the sample pairs (case of task i, case of task j) that H and R average over
 * (docs/algorithm.md section 2): cases of the same site are paired by case id (the same patient);
 * across sites every pair is used, or, when {@code maxPerSide} is set, a seeded sample of at most K
 * cases per side (K x K pairs). The sample depends only on the seed and the two sites, never on
 * which task arrived first.
 */
public final class PairSelector {
    private final OptionalInt maxPerSide;
    private final long seed;

    public PairSelector(OptionalInt maxPerSide, long seed) {
        if (maxPerSide.isPresent() && maxPerSide.getAsInt() < 1) {
            throw new IllegalArgumentException("pairs.max-per-side must be >= 1");
        }
        this.maxPerSide = maxPerSide;
        this.seed = seed;
    }

    /** A pair of indices into the two case lists. */
    public record Pair(int a, int b) {}

    public List<Pair> pairs(String siteA, List<String> casesA, String siteB, List<String> casesB) {
        if (siteA.equals(siteB)) {
            return byCaseId(casesA, casesB);
        }
        List<Integer> sideA = sample(casesA.size(), siteA, siteB);
        List<Integer> sideB = sample(casesB.size(), siteB, siteA);
        List<Pair> pairs = new ArrayList<>(sideA.size() * sideB.size());
        for (int a : sideA) {
            for (int b : sideB) {
                pairs.add(new Pair(a, b));
            }
        }
        return pairs;
    }

    private static List<Pair> byCaseId(List<String> casesA, List<String> casesB) {
        Map<String, Integer> indexB = new HashMap<>();
        for (int j = 0; j < casesB.size(); j++) {
            indexB.put(casesB.get(j), j);
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < casesA.size(); i++) {
            Integer j = indexB.get(casesA.get(i));
            if (j != null) {
                pairs.add(new Pair(i, j));
            }
        }
        return pairs;
    }

    /** Indices of the cases of {@code self} used against {@code other}: all, or K seeded. */
    private List<Integer> sample(int size, String self, String other) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        if (maxPerSide.isEmpty() || size <= maxPerSide.getAsInt()) {
            return all;
        }
        String first = self.compareTo(other) < 0 ? self : other;
        String second = self.compareTo(other) < 0 ? other : self;
        long mixed = seed * 31 + (first + "|" + second + "|" + self).hashCode();
        Collections.shuffle(all, new Random(mixed));
        List<Integer> chosen = new ArrayList<>(all.subList(0, maxPerSide.getAsInt()));
        Collections.sort(chosen);
        return chosen;
    }
}
