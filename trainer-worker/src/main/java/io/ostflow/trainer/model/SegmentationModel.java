package io.ostflow.trainer.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One U-Net being trained along a job's stages: train (optionally with the encoder frozen),
 * evaluate Dice and IoU, save and load parameters. Adam at the configured rate for every stage,
 * halved when the epoch loss stops improving (reduce on plateau).
 */
public final class SegmentationModel implements AutoCloseable {
    private static final Object GRADIENT_RECORDING = new Object();

    private final TrainingSettings settings;
    private final Device device;
    private final Model model;
    private final UNet net;
    private final Random random;

    public SegmentationModel(TrainingSettings settings, Device device) {
        this.settings = settings;
        this.device = device;
        this.net = new UNet(settings.dimensions(), settings.levels(), settings.baseChannels());
        this.model = Model.newInstance("unet" + settings.dimensions() + "d", device);
        this.model.setBlock(net);
        this.random = new Random(settings.seed());
        // The engine's generator is global: seeding and drawing the initial weights must not
        // interleave with another job's, or concurrent jobs would not be reproducible.
        synchronized (SegmentationModel.class) {
            Engine.getInstance().setRandomSeed((int) settings.seed());
            net.initialize(
                    model.getNDManager(),
                    ai.djl.ndarray.types.DataType.FLOAT32,
                    inputShape(settings.batchSize()));
        }
    }

    /** Chooses the GPU when asked or when {@code auto} finds one, else the CPU. */
    public static Device device(String preference) {
        return switch (preference) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalStateException(
                            "trainer.device=gpu but the engine sees no GPU");
                }
                yield Device.gpu();
            }
            default -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
    }

    public Device device() {
        return device;
    }

    /** Per-epoch progress of a stage. */
    public record Epoch(int epoch, int epochs, double loss, double learningRate, double seconds) {}

    /**
     * Trains on (image, mask) samples: slices or patches.
     *
     * @param freezeEncoder fine-tuning: only the decoder learns
     * @return the last epoch's mean loss
     */
    public double train(
            List<float[][]> samples, int epochs, boolean freezeEncoder, Consumer<Epoch> progress) {
        net.freezeEncoder(freezeEncoder);
        MutableRate rate = new MutableRate(settings.learningRate());
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(new DiceBceLoss())
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build())
                        .optDevices(new Device[] {device});
        double best = Double.POSITIVE_INFINITY;
        int stale = 0;
        double loss = Double.NaN;
        try (Trainer trainer = model.newTrainer(config)) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                loss = epoch(trainer, samples);
                if (loss < best - 1e-4) {
                    best = loss;
                    stale = 0;
                } else if (++stale >= settings.patience()) {
                    rate.value = Math.max(rate.value / 2, 1e-5f);
                    stale = 0;
                }
                progress.accept(
                        new Epoch(
                                epoch,
                                epochs,
                                loss,
                                rate.value,
                                (System.nanoTime() - start) / 1e9));
            }
        }
        return loss;
    }

    private double epoch(Trainer trainer, List<float[][]> samples) {
        List<float[][]> order = new ArrayList<>(samples);
        Collections.shuffle(order, random);
        double total = 0;
        int batches = 0;
        for (int from = 0;
                from + settings.batchSize() <= order.size();
                from += settings.batchSize()) {
            try (NDManager batch = model.getNDManager().newSubManager(device)) {
                NDArray[] xy = batchArrays(batch, order.subList(from, from + settings.batchSize()));
                total += forwardBackward(trainer, xy);
                trainer.step();
                batches++;
            }
        }
        return batches == 0 ? Double.NaN : total / batches;
    }

    /**
     * One forward and backward pass; returns the loss. DJL's PyTorch engine allows one recording
     * gradient collector per process, so jobs running side by side (trainer.concurrency > 1) take
     * turns here: they overlap in reading, preprocessing, optimiser steps and evaluation.
     */
    private static float forwardBackward(Trainer trainer, NDArray[] xy) {
        synchronized (GRADIENT_RECORDING) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(xy[0]));
                NDArray loss = trainer.getLoss().evaluate(new NDList(xy[1]), prediction);
                collector.backward(loss);
                return loss.getFloat();
            }
        }
    }

    /**
     * Dice and IoU per case (over all its samples: every slice, or the tiles covering it),
     * thresholding the sigmoid at 0.5.
     *
     * @param cases samples of every evaluation case, by case id
     */
    public Map<String, double[]> evaluate(Map<String, List<float[][]>> cases) {
        net.freezeEncoder(false);
        Map<String, double[]> metrics = new TreeMap<>();
        for (Map.Entry<String, List<float[][]>> entry : cases.entrySet()) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (float[][] sample : entry.getValue()) {
                try (NDManager scope = model.getNDManager().newSubManager(device)) {
                    NDArray[] xy = batchArrays(scope, Collections.singletonList(sample));
                    NDArray logits =
                            net.forward(
                                            new ai.djl.training.ParameterStore(scope, false),
                                            new NDList(xy[0]),
                                            false)
                                    .singletonOrThrow();
                    float[] predicted =
                            logits.gt(0)
                                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                    .toFloatArray();
                    float[] truth = sample[1];
                    for (int i = 0; i < truth.length; i++) {
                        boolean p = predicted[i] > 0.5f;
                        boolean t = truth[i] > 0.5f;
                        tp += p && t ? 1 : 0;
                        fp += p && !t ? 1 : 0;
                        fn += !p && t ? 1 : 0;
                    }
                }
            }
            double dice = tp + fp + fn == 0 ? 1 : 2.0 * tp / (2.0 * tp + fp + fn);
            double iou = tp + fp + fn == 0 ? 1 : (double) tp / (tp + fp + fn);
            metrics.put(entry.getKey(), new double[] {dice, iou});
        }
        return metrics;
    }

    public byte[] save() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void load(byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            net.loadParameters(model.getNDManager(), in);
            // Loaded arrays do not carry gradient flags; learnable parameters need them back.
            net.freezeParameters(false, UNet.LEARNABLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(
                    "checkpoint does not fit the model: " + e.getMessage(), e);
        }
    }

    /** The network, for tests. */
    public UNet network() {
        return net;
    }

    private NDArray[] batchArrays(NDManager manager, List<float[][]> samples) {
        int voxels = settings.sampleVoxels();
        float[] images = new float[samples.size() * voxels];
        float[] masks = new float[images.length];
        for (int b = 0; b < samples.size(); b++) {
            System.arraycopy(samples.get(b)[0], 0, images, b * voxels, voxels);
            System.arraycopy(samples.get(b)[1], 0, masks, b * voxels, voxels);
        }
        Shape shape = inputShape(samples.size());
        return new NDArray[] {manager.create(images, shape), manager.create(masks, shape)};
    }

    /** (batch, 1, spatial...) */
    private Shape inputShape(int batch) {
        long[] spatial = settings.sampleShape();
        long[] shape = new long[spatial.length + 2];
        shape[0] = batch;
        shape[1] = 1;
        System.arraycopy(spatial, 0, shape, 2, spatial.length);
        return new Shape(shape);
    }

    @Override
    public void close() {
        model.close();
    }

    /** A learning rate the plateau rule can lower between epochs. */
    private static final class MutableRate implements Tracker {
        volatile float value;

        MutableRate(float value) {
            this.value = value;
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }
}
