package io.ostflow.common.storage;

/**
 * The object store could not answer (connection refused or reset, timeout, 5xx): an outage, never a
 * verdict on a drop. Processing stops without an event; the listener retries with backoff and,
 * after its bound, dead-letters the record with this message as the reason.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
