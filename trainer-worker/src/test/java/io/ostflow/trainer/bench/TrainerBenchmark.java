package io.ostflow.trainer.bench;

import ai.djl.Device;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training step time and peak RSS of the default U-Net (3 levels, 16 base channels) at batch 2 on
 * the CPU, one intra-op thread: 2-D on 64 x 64 slices or 3-D on 32^3 patches. Compare with
 * bench/unet_step.py, the same architecture in PyTorch from Python. Run: {@code JAVA_OPTS="-Xmx1g
 * -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1" bench/run trainer-worker
 * io.ostflow.trainer.bench.TrainerBenchmark [steps] [2d|3d]}.
 */
public final class TrainerBenchmark {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean threeD = args.length > 1 && args[1].equals("3d");
        TrainingSettings settings =
                threeD
                        ? TrainingSettings.defaults().patches3d(64, 32, 8)
                        : TrainingSettings.defaults();
        Random random = new Random(1);
        List<float[][]> slices = new ArrayList<>();
        int n = settings.sampleVoxels();
        for (int i = 0; i < 2 * steps; i++) {
            float[] image = new float[n];
            float[] mask = new float[n];
            for (int p = 0; p < n; p++) {
                image[p] = (float) random.nextGaussian();
                mask[p] = random.nextDouble() < 0.1 ? 1 : 0;
            }
            slices.add(new float[][] {image, mask});
        }
        try (SegmentationModel model = new SegmentationModel(settings, Device.cpu())) {
            model.train(slices.subList(0, 40), 1, false, e -> {}); // 20 warm-up steps
            long start = System.nanoTime();
            model.train(slices, 1, false, e -> {});
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            System.out.printf(
                    "DJL %s PyTorch engine, CPU, batch 2, %s: %.1f ms per step (%d steps), peak RSS %d MB%n",
                    ai.djl.engine.Engine.getInstance().getVersion(),
                    java.util.Arrays.toString(settings.sampleShape()),
                    ms,
                    steps,
                    peakRssMb());
        }
    }

    private static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
