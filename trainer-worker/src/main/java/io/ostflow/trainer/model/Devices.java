package io.ostflow.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/** Where a model trains: the {@code trainer.device} setting resolved against the engine. */
public final class Devices {
    private Devices() {}

    /** Chooses the GPU when asked or when {@code auto} finds one, else the CPU. */
    public static Device choose(String preference) {
        return switch (preference) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalStateException(
                            "trainer.device=gpu but the engine sees no GPU");
                }
                yield Device.gpu();
            }
            default -> {
                if (Engine.getInstance().getGpuCount() > 0) {
                    yield Device.gpu();
                }
                if (CPU_FALLBACK_LOGGED.compareAndSet(false, true)) {
                    Logger.getLogger(Devices.class.getName())
                            .info(
                                    "trainer.device=auto: the PyTorch engine ("
                                            + Engine.getInstance().getVersion()
                                            + ") sees no GPU; training on the CPU (a GPU needs a"
                                            + " CUDA libtorch: docs/trainer.md, Devices)");
                }
                yield Device.cpu();
            }
        };
    }

    /** The CPU fallback of {@code auto} is logged once per process, not once per job. */
    private static final AtomicBoolean CPU_FALLBACK_LOGGED = new AtomicBoolean();
}
