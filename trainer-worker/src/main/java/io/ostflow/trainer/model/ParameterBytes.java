package io.ostflow.trainer.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A network's parameters as bytes (DJL's parameter format), for checkpoints and shared stages. */
final class ParameterBytes {
    private ParameterBytes() {}

    static byte[] of(UNet net) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            net.saveParameters(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void into(UNet net, NDManager manager, byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            net.loadParameters(manager, in);
            // Loaded arrays do not carry gradient flags; learnable parameters need them back.
            net.freezeParameters(false, UNet.LEARNABLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(
                    "checkpoint does not fit the model: " + e.getMessage(), e);
        }
    }
}
