package io.ostflow.trainer.augment;

/**
 * Which of nnU-Net's default augmentations a training run applies, and how often (Isensee et al.
 * 2021, supplementary; batchgenerators' defaults). Every field is a probability per training
 * sample; 0 switches that augmentation off. Spatial ones are applied while the patch is cut from
 * the case, intensity ones afterwards, in the order of the fields.
 *
 * @param mirror per spatial axis: flip the patch along it
 * @param rotation rotate the patch about its centre by a uniform angle in [-maxDegrees, maxDegrees]
 *     (2-D: in plane; 3-D: about each axis)
 * @param maxDegrees largest rotation angle
 * @param scaling scale the patch by a uniform factor in [0.7, 1.4]
 * @param noise add Gaussian noise of a variance drawn uniformly from [0, 0.1]
 * @param blur Gaussian blur with a sigma drawn uniformly from [0.5, 1] voxels
 * @param brightness multiply the intensities by a factor drawn uniformly from [0.75, 1.25]
 * @param contrast scale the intensities about their mean by a factor from [0.75, 1.25], clipped to
 *     the patch's range
 * @param gamma gamma correction with gamma from [0.7, 1.5] on the patch's range, keeping its mean
 *     and standard deviation; one in three applications works on the inverted image
 */
public record Augmentation(
        double mirror,
        double rotation,
        double maxDegrees,
        double scaling,
        double noise,
        double blur,
        double brightness,
        double contrast,
        double gamma) {

    public static final double MIN_SCALE = 0.7;
    public static final double MAX_SCALE = 1.4;

    public Augmentation {
        for (double p :
                new double[] {
                    mirror, rotation, scaling, noise, blur, brightness, contrast, gamma
                }) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(
                        "augmentation probabilities must be in [0, 1], was " + p);
            }
        }
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("maxDegrees must be in [0, 180], was " + maxDegrees);
        }
    }

    /** nnU-Net's default probabilities; rotations up to 180 degrees in 2-D and 30 in 3-D. */
    public static Augmentation nnUNet(int dimensions) {
        return new Augmentation(
                0.5, 0.2, dimensions == 2 ? 180 : 30, 0.2, 0.1, 0.2, 0.15, 0.15, 0.3);
    }

    /**
     * The default recipe's set: nnU-Net's mirroring and brightness, the rest off (rotation range
     * kept, so switching rotation on takes nnU-Net's). With 1,500 steps and 20 cases the full set
     * cost Dice on the small objectives (necrotic core 0.570 against 0.658, enhancing tumour 0.666
     * against 0.687; docs/benchmarks.md): its harder samples need nnU-Net's far longer schedules.
     */
    public static Augmentation mirrorAndBrightness(int dimensions) {
        Augmentation full = nnUNet(dimensions);
        return new Augmentation(full.mirror, 0, full.maxDegrees, 0, 0, 0, full.brightness, 0, 0);
    }

    /** No augmentation at all. */
    public static Augmentation none() {
        return new Augmentation(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public Augmentation withMaxDegrees(double degrees) {
        return new Augmentation(
                mirror, rotation, degrees, scaling, noise, blur, brightness, contrast, gamma);
    }

    /** True when some spatial augmentation can move voxels. */
    public boolean spatial() {
        return mirror > 0 || rotation > 0 || scaling > 0;
    }
}
