package io.ostflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.ostflow.common.dataset.LabelValues;
import io.ostflow.nifti.NiftiDatatype;
import io.ostflow.nifti.NiftiHeader;
import io.ostflow.nifti.NiftiImage;
import io.ostflow.nifti.Voxels;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void aRegionMaskHoldsExactlyTheVoxelsOfItsValues() {
        byte[] labels = new byte[4 * 3 * 2];
        float[] image = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
            image[i] = 1 + i;
        }
        NiftiHeader header =
                NiftiHeader.builder().dims(4, 3, 2).datatype(NiftiDatatype.UINT8).build();
        NiftiImage labelMap = new NiftiImage(header, Voxels.ofUint8(labels));
        NiftiImage volume =
                new NiftiImage(
                        header.toBuilder().datatype(NiftiDatatype.FLOAT32).build(),
                        Voxels.ofFloat32(image));

        CaseVolume region =
                Preprocessing.prepare("c", volume, labelMap, new LabelValues(List.of(1, 3)));
        CaseVolume single = Preprocessing.prepare("c", volume, labelMap, LabelValues.of(2));

        assertThat(region.shape()).containsExactly(4, 3, 2);
        for (int i = 0; i < labels.length; i++) {
            int value = labels[i];
            assertThat(region.mask()[i])
                    .as("voxel %d", i)
                    .isEqualTo(value == 1 || value == 3 ? 1f : 0f);
            assertThat(single.mask()[i]).as("voxel %d", i).isEqualTo(value == 2 ? 1f : 0f);
        }
        assertThat(region.foregroundOutsideCrop()).isZero();
    }
}
