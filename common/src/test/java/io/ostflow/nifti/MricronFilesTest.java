package io.ostflow.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Real files from Debian's {@code mricron-data} (installed by {@code .ci/run}). The expected
 * numbers were read once with an independent reader, nibabel 5.0.0 (Debian {@code
 * python3-nibabel}): {@code d = np.asarray(img.dataobj.get_unscaled()).ravel(order='F')}, {@code
 * sum(d)}, {@code sum(d * (arange(d.size) % 7919))} and {@code d[181*217*90 + 108*181 + 90]}. The
 * weighted sum fails if any voxel lands at the wrong index.
 */
class MricronFilesTest {
    private static final Path TEMPLATES = Path.of("/usr/share/mricron/templates");

    @Test
    void readsTheColin27Template() {
        NiftiImage image = read("ch2.nii.gz");

        assertThat(image.header().version()).isEqualTo(1);
        assertThat(image.header().dims()).containsExactly(181, 217, 181);
        assertThat(image.header().datatype()).isEqualTo(NiftiDatatype.UINT8);
        assertThat(image.header().pixdim()).startsWith(1.0, 1.0, 1.0, 1.0);
        assertThat(image.header().sformCode()).isEqualTo(4);
        assertThat(image.header().srow()[0]).containsExactly(1, 0, 0, -90);
        assertThat(image.header().srow()[1]).containsExactly(0, 1, 0, -125);
        assertThat(image.header().srow()[2]).containsExactly(0, 0, 1, -71);
        assertChecksums(image, 317_151_210L, 1_251_750_547_155L, 33);
        assertThat(image.statistics().max()).isEqualTo(254);
        assertThat(image.statistics().mean()).isCloseTo(44.61177355282364, Offset.offset(1e-9));
    }

    @Test
    void readsTheAalAtlas() {
        NiftiImage image = read("aal.nii.gz");

        assertThat(image.header().dims()).containsExactly(181, 217, 181);
        assertThat(image.header().datatype()).isEqualTo(NiftiDatatype.UINT8);
        assertChecksums(image, 76_656_511L, 303_527_315_708L, 0);
        assertThat(image.statistics().max()).isEqualTo(116);
    }

    private static NiftiImage read(String name) {
        Path file = TEMPLATES.resolve(name);
        assertThat(file)
                .as("Debian package mricron-data must be installed (.ci/run installs it)")
                .isReadable();
        return new NiftiReader().read(file);
    }

    private static void assertChecksums(NiftiImage image, long sum, long weighted, double probe) {
        long actualSum = 0;
        long actualWeighted = 0;
        Voxels voxels = image.voxels();
        for (int i = 0; i < voxels.size(); i++) {
            long v = (long) voxels.get(i);
            actualSum += v;
            actualWeighted += v * (i % 7919);
        }
        assertThat(actualSum).isEqualTo(sum);
        assertThat(actualWeighted).isEqualTo(weighted);
        assertThat(voxels.get(181 * 217 * 90 + 108 * 181 + 90)).isEqualTo(probe);
    }
}
