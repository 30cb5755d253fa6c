package io.ostflow.trainer.bench;

import ai.djl.Device;
import io.ostflow.trainer.augment.Augmentation;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.model.Devices;
import io.ostflow.trainer.model.SegmentationModel;
import io.ostflow.trainer.model.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Milliseconds per training step of the default recipe's network (patch sampling included,
 * augmentation off) on random cases, to compare with bench/unet_step.py, the same architecture in
 * PyTorch from Python. Run: {@code JAVA_OPTS="-Xmx1g -Dai.djl.pytorch.num_threads=1
 * -Dai.djl.pytorch.num_interop_threads=1" bench/run trainer-worker
 * io.ostflow.trainer.bench.TrainerBenchmark [steps] [2d|3d] [cpu|gpu|auto]}.
 */
public final class TrainerBenchmark {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        boolean threeD = args.length > 1 && args[1].equals("3d");
        Device device = Devices.choose(args.length > 2 ? args[2] : "cpu");
        TrainingSettings base =
                threeD ? TrainingSettings.defaults().in3d() : TrainingSettings.defaults();
        TrainingSettings settings = base.toBuilder().augmentation(Augmentation.none()).build();
        List<CaseVolume> cases = List.of(randomCase(1), randomCase(2));
        try (SegmentationModel model = new SegmentationModel(settings, device)) {
            model.train(cases, List.of(), 20, false, 1, r -> {}); // warm-up
            long start = System.nanoTime();
            model.train(cases, List.of(), steps, false, 2, r -> {});
            double ms = (System.nanoTime() - start) / 1e6 / steps;
            System.out.printf(
                    "DJL %s PyTorch engine, %s, batch %d, %s: %.1f ms per step (%d steps), peak RSS %d MB%n",
                    ai.djl.engine.Engine.getInstance().getVersion(),
                    device,
                    settings.batchSize(),
                    Arrays.toString(settings.sampleShape()),
                    ms,
                    steps,
                    peakRssMb());
        }
    }

    private static CaseVolume randomCase(long seed) {
        Random random = new Random(seed);
        int[] shape = {64, 64, 48};
        float[] image = new float[64 * 64 * 48];
        float[] mask = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
            mask[i] = random.nextDouble() < 0.1 ? 1 : 0;
        }
        return new CaseVolume("r" + seed, shape, image, mask);
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
