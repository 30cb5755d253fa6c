package io.ostflow.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NiftiGeometryTest {
    private static final double TOLERANCE = 1e-4;

    private static NiftiHeaderBuilder base() {
        return NiftiHeader.builder().dims(4, 4, 4).datatype(NiftiDatatype.UINT8);
    }

    @Test
    void theQformAndTheSformOfOnePlacementAgree() {
        double[][] srow = {{1.5, 0, 0, -10}, {0, 1.5, 0, 20}, {0, 0, 3, 5}};
        NiftiHeader sform = base().spacing(1.5, 1.5, 3).sform(1, srow).build();
        NiftiHeader qform =
                base().spacing(1.5, 1.5, 3)
                        .sform(0, srow)
                        .qform(1, new double[3], new double[] {-10, 20, 5})
                        .build();

        NiftiGeometry fromSform = NiftiGeometry.of(sform);

        assertThat(fromSform.spacing()).containsExactly(1.5, 1.5, 3);
        assertThat(fromSform.origin()).containsExactly(-10, 20, 5);
        assertThat(fromSform.differences(NiftiGeometry.of(qform), TOLERANCE)).isEmpty();
    }

    @Test
    void aDifferentSpacingIsNamedWithBothValues() {
        NiftiGeometry one = NiftiGeometry.of(base().spacing(1, 1, 1).build());
        NiftiGeometry two = NiftiGeometry.of(base().spacing(1, 1, 2).build());

        assertThat(one.differences(two, TOLERANCE))
                .singleElement()
                .asString()
                .contains("spacing (1.00000, 1.00000, 1.00000) vs (1.00000, 1.00000, 2.00000)");
    }

    @Test
    void aFlippedAxisIsADirectionMismatchButFloatNoiseIsNot() {
        double[][] plain = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        double[][] flipped = {{-1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        double[][] noisy = {{1 + 1e-7, 0, 0, 1e-6}, {0, 1, 0, 0}, {0, 0, 1, 0}};
        NiftiGeometry a = NiftiGeometry.of(base().sform(1, plain).build());

        assertThat(a.differences(NiftiGeometry.of(base().sform(1, flipped).build()), TOLERANCE))
                .singleElement()
                .asString()
                .startsWith("direction");
        assertThat(a.differences(NiftiGeometry.of(base().sform(1, noisy).build()), TOLERANCE))
                .isEmpty();
    }

    @Test
    void withoutQformOrSformThePixdimSpacingIsUsed() {
        NiftiHeader header =
                base().pixdim(1, 2, 3, 4, 1, 1, 1, 1)
                        .sform(0, new double[][] {{9, 0, 0, 0}, {0, 9, 0, 0}, {0, 0, 9, 0}})
                        .build();

        assertThat(NiftiGeometry.of(header).spacing()).containsExactly(2, 3, 4);
        assertThat(NiftiGeometry.of(header).origin()).containsExactly(0, 0, 0);
    }
}
