package io.ostflow.common.events;

/**
 * One pair of tasks on the compacted edges topic (key {@code a|b}, a < b): the image and label
 * similarities and the weighted edge, docs/algorithm.md, paper eq. 1-5.
 *
 * @param a the smaller task id (string order)
 * @param b the larger task id
 * @param h image similarity H(a, b): mean W1 distance of the PCA-score distributions
 * @param r label similarity R(a, b): mean global SSIM of the masks
 * @param weight {@code alpha*H + beta*R + c} (after normalisation if configured); null when the
 *     tasks are unconnected
 * @param connected whether the tasks share modality or objective (else no edge, cost infinite)
 * @param weightsVersion version of the (alpha, beta, c) used
 * @param versionA dataset version of a
 * @param versionB dataset version of b
 * @param pairs number of sample pairs averaged
 */
public record AffinityEdge(
        String a,
        String b,
        double h,
        double r,
        Double weight,
        boolean connected,
        long weightsVersion,
        String versionA,
        String versionB,
        int pairs) {

    /** The Kafka key of the pair: the two ids sorted, joined by {@code |}. */
    public static String key(String first, String second) {
        return first.compareTo(second) < 0 ? first + "|" + second : second + "|" + first;
    }

    public String key() {
        return key(a, b);
    }
}
