package io.ostflow.phantom;

import io.ostflow.common.Role;
import io.ostflow.nifti.NiftiDatatype;
import java.util.SplittableRandom;

/**
 * What makes one site's scanner and population differ from another's: the domain shift the transfer
 * paths have to bridge.
 *
 * @param name site name ({@code 01}, {@code 02} ...)
 * @param role source or target
 * @param biasStrength amplitude of the smooth multiplicative bias field (log scale)
 * @param noiseSigma Rician noise level relative to the brightest tissue
 * @param scale intensity scale of the scanner
 * @param offset intensity offset of the scanner (relative to the brightest tissue)
 * @param blurSigma point-spread blur in voxels
 * @param headScale head size factor
 * @param headShiftX head position offset (fraction of the field of view)
 * @param headShiftY head position offset
 * @param storage stored datatype (int16 or float32)
 * @param contrast per-channel contrast factors (how this scanner weights each sequence)
 * @param style what the site scans and labels
 */
public record SiteProfile(
        String name,
        Role role,
        double biasStrength,
        double noiseSigma,
        double scale,
        double offset,
        double blurSigma,
        double headScale,
        double headShiftX,
        double headShiftY,
        NiftiDatatype storage,
        double[] contrast,
        SiteStyle style) {

    /** Draws a site's parameters from {@code random}; the style takes no draws. */
    static SiteProfile draw(String name, Role role, SiteStyle style, SplittableRandom random) {
        double[] contrast = new double[Tissue.CHANNELS.length];
        for (int c = 0; c < contrast.length; c++) {
            contrast[c] = 0.8 + 0.4 * random.nextDouble();
        }
        return new SiteProfile(
                name,
                role,
                0.08 + 0.22 * random.nextDouble(),
                0.015 + 0.045 * random.nextDouble(),
                600 + 900 * random.nextDouble(),
                0.05 * random.nextDouble(),
                0.4 + 0.8 * random.nextDouble(),
                0.9 + 0.15 * random.nextDouble(),
                0.06 * (random.nextDouble() - 0.5),
                0.06 * (random.nextDouble() - 0.5),
                random.nextBoolean() ? NiftiDatatype.INT16 : NiftiDatatype.FLOAT32,
                contrast,
                style);
    }
}
