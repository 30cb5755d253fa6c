package io.ostflow.trainer.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import io.ostflow.trainer.data.CaseVolume;
import io.ostflow.trainer.data.PatchSampler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One U-Net being trained along a job's stages: train for a number of steps on patches drawn per
 * step (optionally with the encoder frozen), predict whole cases by sliding windows, evaluate Dice
 * and IoU, save and load parameters.
 *
 * <p>About 300 lines: the training loop (steps, freezing, best checkpoint) and inference share the
 * network and its engine resources; clipping, the schedule and the overlap counts are their own
 * classes.
 */
public final class SegmentationModel implements AutoCloseable {
    /** nnU-Net's bound on the global gradient norm. */
    static final double MAX_GRADIENT_NORM = GradientClipping.NNUNET_MAX_NORM;

    private final TrainingSettings settings;
    private final Device device;
    private final Model model;
    private final UNet net;
    private final SlidingWindow window;

    /** False until the network has been trained or loaded: its weights are still random. */
    private boolean trained;

    public SegmentationModel(TrainingSettings settings, Device device) {
        this.settings = settings;
        this.device = device;
        this.net =
                new UNet(
                        settings.dimensions(),
                        settings.levels(),
                        settings.baseChannels(),
                        settings.deepSupervision());
        this.model = Model.newInstance("unet" + settings.dimensions() + "d", device);
        this.model.setBlock(net);
        this.window =
                new SlidingWindow(
                        settings.patch3(),
                        settings.overlap(),
                        settings.mirrorAtTest(),
                        settings.dimensions() == 2
                                ? 2 * settings.batchSize()
                                : settings.batchSize());
        // The engine's generator is global: seeding and drawing the initial weights must not
        // interleave with another job's, or concurrent jobs would not be reproducible.
        synchronized (SegmentationModel.class) {
            Engine.getInstance().setRandomSeed((int) settings.seed());
            net.initialize(
                    model.getNDManager(), DataType.FLOAT32, inputShape(settings.batchSize()));
        }
    }

    public Device device() {
        return device;
    }

    /** A stage at the recipe's learning rate without warm-up. */
    public StageOutcome train(
            List<CaseVolume> cases,
            List<CaseVolume> validation,
            int steps,
            boolean freezeEncoder,
            long seed,
            Consumer<StageReport> progress) {
        return train(
                cases,
                validation,
                new StageSchedule(steps, freezeEncoder, settings.learningRate(), 0),
                seed,
                progress);
    }

    /**
     * Trains for {@code schedule.steps()} optimiser steps on batches drawn from the cases. With
     * validation cases, the incoming weights are validated first (step 0) and then at every report;
     * the checkpoint with the best validation Dice is the one the model ends with (of equal ones
     * the later), so a stage that only makes a trained model worse on the validation cases keeps
     * the weights it started from. A fresh network's step 0 is reported but never kept.
     *
     * @param validation cases to pick the best checkpoint by Dice (may be empty)
     * @param seed seed of this stage's sampling and augmentation
     */
    public StageOutcome train(
            List<CaseVolume> cases,
            List<CaseVolume> validation,
            StageSchedule schedule,
            long seed,
            Consumer<StageReport> progress) {
        int steps = schedule.steps();
        net.freezeEncoder(schedule.freezeEncoder());
        PolyDecay rate = new PolyDecay(schedule.learningRate(), steps, schedule.warmupSteps());
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(new DiceBceLoss())
                        .optOptimizer(settings.optimizer().build(rate))
                        .optDevices(new Device[] {device});
        PatchSampler sampler =
                new PatchSampler(
                        cases,
                        settings.patch(),
                        settings.foregroundFraction(),
                        settings.augmentation());
        Random random = new Random(seed);
        StageCurves curves = new StageCurves();
        Double incoming = validation.isEmpty() ? null : meanDice(evaluate(validation));
        // A random network's chance overlap is no model: only trained weights compete at step 0.
        boolean incomingCompetes = incoming != null && trained;
        Double best = incomingCompetes ? incoming : null;
        byte[] bestParameters = incomingCompetes ? save() : null;
        int bestStep = incomingCompetes ? 0 : steps;
        if (incoming != null) {
            curves.validation.add(incoming);
        }
        double windowLoss = 0;
        int windowSteps = 0;
        long windowStart = System.nanoTime();
        int skipped = 0;
        try (Trainer trainer = model.newTrainer(config)) {
            for (int step = 1; step <= steps; step++) {
                rate.step = step - 1;
                PatchSampler.Batch batch = sampler.next(settings.batchSize(), random);
                try (NDManager scope = model.getNDManager().newSubManager(device)) {
                    Shape shape = inputShape(batch.size());
                    windowLoss +=
                            GradientStep.forwardBackward(
                                    trainer,
                                    scope.create(batch.images(), shape),
                                    scope.create(batch.masks(), shape));
                    if (GradientClipping.clip(net.getParameters(), MAX_GRADIENT_NORM)) {
                        trainer.step();
                    } else {
                        skipped++;
                    }
                }
                windowSteps++;
                if (step % settings.reportEvery() == 0 || step == steps) {
                    double loss = windowLoss / windowSteps;
                    Double dice = validation.isEmpty() ? null : meanDice(evaluate(validation));
                    curves.add(step, loss, dice);
                    // ties go to the later, more trained step: only a fall keeps earlier weights
                    if (dice != null && (best == null || dice >= best)) {
                        best = dice;
                        bestStep = step;
                        bestParameters = step == steps ? null : save();
                    }
                    progress.accept(
                            new StageReport(
                                    step,
                                    steps,
                                    loss,
                                    dice,
                                    rate.value(),
                                    (System.nanoTime() - windowStart) / 1e9));
                    windowLoss = 0;
                    windowSteps = 0;
                    windowStart = System.nanoTime();
                }
            }
        }
        if (bestParameters != null && bestStep != steps) {
            load(bestParameters);
        }
        trained = true;
        return new StageOutcome(
                curves.steps, curves.loss, curves.validation, incoming, best, bestStep, skipped);
    }

    /** Logits for every voxel of the case, by sliding windows over its own grid. */
    public float[] logits(CaseVolume volume) {
        // Inference takes no gradients: the encoder's frozen state is left as it is, so that a
        // validation in the middle of a fine-tuning does not unfreeze it.
        return window.predict(volume.image(), volume.shape(), this::forward);
    }

    private float[] forward(float[] patches, int batch) {
        try (NDManager scope = model.getNDManager().newSubManager(device)) {
            NDArray x = scope.create(patches, inputShape(batch));
            return net.forward(new ParameterStore(scope, false), new NDList(x), false)
                    .get(0)
                    .toFloatArray();
        }
    }

    /**
     * Dice and IoU per case at the case's own grid, thresholding the sigmoid at 0.5; objective
     * voxels outside the crop count as missed.
     *
     * @return {dice, iou} by case id, in the order given
     */
    public Map<String, double[]> evaluate(List<CaseVolume> cases) {
        Map<String, double[]> metrics = new LinkedHashMap<>();
        for (CaseVolume volume : cases) {
            float[] logits = logits(volume);
            float[] truth = volume.mask();
            long tp = 0;
            long fp = 0;
            long fn = volume.foregroundOutsideCrop();
            for (int i = 0; i < truth.length; i++) {
                boolean p = logits[i] > 0;
                boolean t = truth[i] > 0.5f;
                tp += p && t ? 1 : 0;
                fp += p && !t ? 1 : 0;
                fn += !p && t ? 1 : 0;
            }
            metrics.put(volume.caseId(), Overlap.of(tp, fp, fn));
        }
        return metrics;
    }

    /** Mean Dice of {@link #evaluate}'s result. */
    public static double meanDice(Map<String, double[]> metrics) {
        return metrics.values().stream().mapToDouble(m -> m[0]).average().orElse(Double.NaN);
    }

    public byte[] save() {
        return ParameterBytes.of(net);
    }

    public void load(byte[] parameters) {
        ParameterBytes.into(net, model.getNDManager(), parameters);
        trained = true;
    }

    /**
     * Re-initialises the output head (and any deep-supervision heads) from {@code seed}, keeping
     * everything else: the head of a source's objective is not carried to another objective.
     */
    public void resetHead(long seed) {
        synchronized (SegmentationModel.class) {
            Engine.getInstance().setRandomSeed((int) seed);
            net.resetHeads(model.getNDManager());
        }
    }

    /** The network, for tests. */
    public UNet network() {
        return net;
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
}
