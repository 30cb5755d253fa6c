package io.ostflow.phantom;

import java.util.Arrays;
import java.util.List;

/**
 * What to generate: how many source and target sites, how many cases, the volume shape and the
 * seed. The same spec always produces the same bytes.
 *
 * @param sourceSites number of source sites ({@code 01}, {@code 02}, ...)
 * @param targetSites number of target sites, numbered after the sources
 * @param cases labelled training cases per source site
 * @param targetCases labelled training cases per target site (few, by design)
 * @param testCases held-out evaluation cases per target site ({@code imagesTs}/{@code labelsTs})
 * @param shape x, y, z sizes of every volume
 * @param seed master seed
 * @param targetStyles the style of each target site in order (cycled; empty: all glioma)
 */
public record PhantomSpec(
        int sourceSites,
        int targetSites,
        int cases,
        int targetCases,
        int testCases,
        int[] shape,
        long seed,
        List<SiteStyle> targetStyles) {

    /** Glioma targets, as the sources. */
    public PhantomSpec(
            int sourceSites,
            int targetSites,
            int cases,
            int targetCases,
            int testCases,
            int[] shape,
            long seed) {
        this(sourceSites, targetSites, cases, targetCases, testCases, shape, seed, List.of());
    }

    public PhantomSpec {
        requireAtLeast("sourceSites", sourceSites, 0);
        requireAtLeast("targetSites", targetSites, 0);
        requireAtLeast("cases", cases, 1);
        requireAtLeast("targetCases", targetCases, 1);
        requireAtLeast("testCases", testCases, 0);
        if (sourceSites + targetSites < 1 || sourceSites + targetSites > 99) {
            throw new IllegalArgumentException("between 1 and 99 sites in all");
        }
        if (shape == null
                || shape.length != 3
                || Arrays.stream(shape).anyMatch(s -> s < 8 || s > 512)) {
            throw new IllegalArgumentException(
                    "shape must be three sizes between 8 and 512, was " + Arrays.toString(shape));
        }
        shape = shape.clone();
        targetStyles = targetStyles == null ? List.of() : List.copyOf(targetStyles);
    }

    /** The style of target site {@code k} (from 0). */
    public SiteStyle targetStyle(int k) {
        return targetStyles.isEmpty()
                ? SiteStyle.GLIOMA
                : targetStyles.get(k % targetStyles.size());
    }

    /** A small default that generates in seconds: 3 source sites and 1 target site of 64x64x48. */
    public static PhantomSpec small(long seed) {
        return new PhantomSpec(3, 1, 8, 5, 4, new int[] {64, 64, 48}, seed);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }
}
