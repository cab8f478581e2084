package dev.gatehouse.admin.api;

/**
 * How a secret's value travels to the gateway, the one direction it ever travels on the management API:
 * {@code PUT /api/secrets/NAME} with the value as the whole body in {@link #MEDIA_TYPE} (one trailing newline is
 * dropped). The answer has no body: 201 for a new secret, 204 for a replaced one, and {@link #RESTARTING_HEADER}
 * lists the servers restarted to use the new value ({@code ?restart=false} leaves them running).
 */
public final class SecretUpload {

    public static final String MEDIA_TYPE = "text/plain; charset=utf-8";
    public static final String RESTARTING_HEADER = "Gatehouse-Restarting";

    private SecretUpload() {
    }
}
