package dev.gatehouse.net;

import java.io.IOException;

/**
 * An outbound request the address policy refused: a scheme, a host, an address or a redirect that could reach
 * something other than the public server meant. An {@link IOException} so it travels through the HTTP client's
 * failure path; its message names the URL's host or the address and the rule, never a header or a body.
 */
public final class DestinationRefusedException extends IOException {

    public DestinationRefusedException(String message) {
        super(message);
    }
}
