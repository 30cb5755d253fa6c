package io.ostflow.nifti;

/**
 * A NIfTI file that cannot be read, with a stable {@link NiftiError reason} and a human message.
 */
public final class NiftiException extends RuntimeException {
    private final NiftiError reason;

    public NiftiException(NiftiError reason, String message) {
        super(message);
        this.reason = reason;
    }

    public NiftiException(NiftiError reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public NiftiError reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason + ": " + getMessage();
    }
}
