package dev.gatehouse.capture;

/**
 * The traffic store could not do what was asked: the disk is full, the database is read-only or damaged.
 * The message is safe to show in {@code status}: it names the condition, never a recorded value.
 */
public final class CaptureStoreException extends Exception {

    public CaptureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
