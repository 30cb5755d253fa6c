package io.ostflow.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureCodecTest {

    @Test
    void imageFeaturesRoundTripBitExactly() {
        double[] scores = new Random(1).doubles(20_000).map(d -> d * 1e3 - 500).sorted().toArray();
        ImageFeature feature =
                new ImageFeature(
                        "01/imagesTr/case001_0000.nii.gz",
                        "abc",
                        new int[] {240, 240, 155},
                        128,
                        3,
                        List.of(0.5, 0.2, 0.1),
                        new int[] {1, 2, 3, 200, 210, 150},
                        new ImageFeature.IntensityStats(1000, 12.5, 3.25, 0.5, 99.0),
                        scores);

        ImageFeature back = FeatureCodec.decodeImage(FeatureCodec.encode(feature));

        assertThat(back.sortedScores()).containsExactly(scores);
        assertThat(back.sourceKey()).isEqualTo(feature.sourceKey());
        assertThat(back.shape()).containsExactly(240, 240, 155);
        assertThat(back.explainedVariance()).isEqualTo(feature.explainedVariance());
        assertThat(back.boundingBox()).containsExactly(feature.boundingBox());
        assertThat(back.intensity()).isEqualTo(feature.intensity());
    }

    @Test
    void mostlyEmptyMasksCompressWell() {
        double[] mask = new double[64 * 64 * 64];
        Arrays.fill(mask, 1000, 1100, 0.25);
        LabelFeature feature =
                new LabelFeature(
                        "01/labelsTr/case001.nii.gz",
                        "e",
                        List.of(1, 2, 3),
                        new int[] {64, 64, 64},
                        64,
                        100,
                        0.0001,
                        0.00001,
                        mask);

        byte[] bytes = FeatureCodec.encode(feature);
        LabelFeature back = FeatureCodec.decodeLabel(bytes);

        assertThat(bytes.length).isLessThan(mask.length * 8 / 50);
        assertThat(back.resizedMask()).containsExactly(mask);
        assertThat(back.labelValues()).containsExactly(1, 2, 3);
        assertThat(back.mean()).isEqualTo(0.0001);
    }

    @Test
    void refusesOtherBytesAndTheOtherKind() {
        assertThatThrownBy(() -> FeatureCodec.decodeImage(new byte[20]))
                .hasMessageContaining("not an ostflow feature");
        byte[] label =
                FeatureCodec.encode(
                        new LabelFeature(
                                "k",
                                "e",
                                List.of(1),
                                new int[] {1, 1, 1},
                                1,
                                0,
                                0,
                                0,
                                new double[1]));
        assertThatThrownBy(() -> FeatureCodec.decodeImage(label)).hasMessageContaining("kind");
    }
}
