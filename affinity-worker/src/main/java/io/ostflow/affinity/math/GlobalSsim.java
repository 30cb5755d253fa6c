package io.ostflow.affinity.math;

import io.ostflow.common.features.LabelFeature;

/**
 * Global (not windowed) SSIM of two resized masks, docs/algorithm.md section 3 (paper eq. 3-4):
 * {@code (2 mu_p mu_q + C1)(2 s_pq + C2) / ((mu_p^2 + mu_q^2 + C1)(s_p^2 + s_q^2 + C2))} with
 * population variances and the sample covariance (n - 1), as the authors' numpy code computes them,
 * and {@code C1 = (K1 L)^2}, {@code C2 = (K2 L)^2}.
 */
public final class GlobalSsim {
    private final double c1;
    private final double c2;

    /**
     * The authors' constants: K1 = K2 = 0.3, L = 1 (masks in [0, 1]); docs/algorithm.md section 3.
     */
    public static final GlobalSsim AUTHORS = new GlobalSsim(0.3, 0.3, 1);

    /**
     * @param k1 K1 (authors: 0.3)
     * @param k2 K2 (authors: 0.3)
     * @param range L, the dynamic range (1 for masks)
     */
    public GlobalSsim(double k1, double k2, double range) {
        if (k1 < 0 || k2 < 0 || range <= 0) {
            throw new IllegalArgumentException("K1, K2 must be >= 0 and L > 0");
        }
        this.c1 = (k1 * range) * (k1 * range);
        this.c2 = (k2 * range) * (k2 * range);
    }

    /** SSIM from the moments: means, population variances, sample covariance. */
    public double fromMoments(double meanP, double meanQ, double varP, double varQ, double covPq) {
        return (2 * meanP * meanQ + c1)
                * (2 * covPq + c2)
                / ((meanP * meanP + meanQ * meanQ + c1) * (varP + varQ + c2));
    }

    /** SSIM of two sparse masks of the same grid. */
    public double ssim(SparseMask p, SparseMask q) {
        if (p.size() != q.size()) {
            throw new IllegalArgumentException(
                    "masks of different grids: " + p.size() + " vs " + q.size());
        }
        int n = p.size();
        double cov = (p.dot(q) - n * p.mean() * q.mean()) / (n - 1);
        return fromMoments(p.mean(), q.mean(), p.variance(), q.variance(), cov);
    }

    /** SSIM of two label features. */
    public double ssim(LabelFeature p, LabelFeature q) {
        return ssim(SparseMask.of(p), SparseMask.of(q));
    }
}
