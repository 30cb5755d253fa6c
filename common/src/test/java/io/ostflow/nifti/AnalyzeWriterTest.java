package io.ostflow.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Analyze 7.5 pair written here reads back the same through {@link AnalyzeReader} and through
 * nibabel, an independent reader: shape, voxel sizes and every voxel.
 */
class AnalyzeWriterTest {
    @TempDir Path dir;

    @Test
    void aPairReadsBackTheSameHereAndInNibabel() throws Exception {
        short[] values = new short[5 * 4 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (short) (i * 37 % 251 - 60);
        }
        NiftiImage image =
                new NiftiImage(
                        NiftiHeader.builder()
                                .dims(5, 4, 3)
                                .datatype(NiftiDatatype.INT16)
                                .pixdim(1, 1.5, 2, 2.5, 1, 1, 1, 1)
                                .build(),
                        Voxels.ofInt16(values));
        Path hdr = dir.resolve("subject-1-T1.hdr");

        AnalyzeWriter.write(image, hdr);

        NiftiImage back = new AnalyzeReader().read(hdr);
        assertThat(back.header().dims()).containsExactly(5, 4, 3);
        assertThat(back.header().pixdim()[1]).isEqualTo(1.5);
        assertThat(back.header().pixdim()[3]).isEqualTo(2.5);
        assertThat((short[]) back.voxels().array()).containsExactly(values);

        String script =
                "import json, sys, nibabel as nib, numpy as np\n"
                        + "img = nib.load(sys.argv[1])\n"
                        + "d = np.asanyarray(img.dataobj)\n"
                        + "kind = 'analyze' if isinstance(img, nib.AnalyzeImage)"
                        + " and not isinstance(img, nib.Nifti1Pair) else type(img).__name__\n"
                        + "print(json.dumps([kind, list(d.shape),"
                        + " [float(z) for z in img.header.get_zooms()],"
                        + " [int(v) for v in d.flatten(order='F')]]))\n";
        Process python =
                new ProcessBuilder("/usr/bin/python3", "-c", script, hdr.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor())
                .as("python3-nibabel (.ci/run installs it): " + output)
                .isZero();
        StringBuilder expected = new StringBuilder("[\"analyze\", [5, 4, 3], [1.5, 2.0, 2.5], [");
        for (int i = 0; i < values.length; i++) {
            expected.append(i == 0 ? "" : ", ").append(values[i]);
        }
        assertThat(output).isEqualTo(expected.append("]]").toString());
    }
}
