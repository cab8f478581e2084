package dev.gatehouse;

import dev.gatehouse.protocol.RpcError;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every failure the gateway itself reports to a client. Messages are stable, name the server at fault, and
 * never carry a secret, an environment value or upstream stderr; those go to the log under the correlation id.
 * {@link #toRpcError} is the one table mapping failures to JSON-RPC codes.
 */
public abstract sealed class GatewayFailure extends RuntimeException {

    private final String correlationId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);

    GatewayFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    public String correlationId() {
        return correlationId;
    }

    /** The JSON-RPC error a client receives. A backend failure is never reported as the request's fault. */
    public RpcError toRpcError() {
        int code = switch (this) {
            case UnknownTarget ignored -> RpcError.INVALID_PARAMS;
            case UpstreamUnavailable ignored -> RpcError.UPSTREAM_ERROR;
            case UpstreamTimeout ignored -> RpcError.UPSTREAM_ERROR;
            case UpstreamExited ignored -> RpcError.UPSTREAM_ERROR;
            case LimitExceeded ignored -> RpcError.UPSTREAM_ERROR;
            case RateLimited ignored -> RpcError.RATE_LIMITED;
            case SignInRequired ignored -> SignInRequired.URL_ELICITATION_REQUIRED;
        };
        if (this instanceof SignInRequired signIn) {
            return new RpcError(code, getMessage() + " (correlation id " + correlationId + ")", signIn.data());
        }
        if (this instanceof RateLimited limited) {
            // The wait is data too, so a client can back off without parsing the message.
            ObjectNode data = JsonNodeFactory.instance.objectNode()
                    .put("retryAfterSeconds", limited.retryAfterSeconds());
            return new RpcError(code, getMessage() + " (correlation id " + correlationId + ")", data);
        }
        return new RpcError(code, getMessage() + " (correlation id " + correlationId + ")");
    }

    /** A tool, prompt, resource or server name that resolves to nothing. */
    public static final class UnknownTarget extends GatewayFailure {
        public UnknownTarget(String kind, String name) {
            super("Unknown " + kind + ": " + name, null);
        }
    }

    /** The server could not be started or reached; the reason is safe to show. */
    public static final class UpstreamUnavailable extends GatewayFailure {
        public UpstreamUnavailable(String server, String reason, Throwable cause) {
            super("Server '" + server + "' is unavailable: " + reason, cause);
        }
    }

    /** The server did not answer in time (the timer restarts on progress). */
    public static final class UpstreamTimeout extends GatewayFailure {
        public UpstreamTimeout(String server, String method, long millis) {
            super("Server '" + server + "' did not answer " + method + " within " + millis + " ms", null);
        }
    }

    /** The server process ended while the request was in flight. */
    public static final class UpstreamExited extends GatewayFailure {
        public UpstreamExited(String server, String detail) {
            super("Server '" + server + "' exited while handling the request (" + detail + ")", null);
        }
    }

    /**
     * A client sent more than a rate or concurrency bound allows; it may retry after the given wait. Answered
     * with HTTP 429 and {@code Retry-After} on the MCP plane.
     */
    public static final class RateLimited extends GatewayFailure {
        private final long retryAfterSeconds;

        public RateLimited(String what, String limit, long retryAfterSeconds) {
            super("Rate limit reached: " + what + " (" + limit + "); retry after " + retryAfterSeconds + " s", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A bound was hit: too many sessions, pending calls, or bytes. */
    public static final class LimitExceeded extends GatewayFailure {
        public LimitExceeded(String what, long limit) {
            super("Limit reached: " + what + " (at most " + limit + ")", null);
        }
    }

    /**
     * A remote server refuses the gateway until the user signs in. Answered as the specification's
     * {@code URLElicitationRequiredError} (-32042) carrying the authorization URL, so a client that supports URL
     * elicitation shows a sign-in link; the message tells everyone else which command to run.
     */
    public static final class SignInRequired extends GatewayFailure {
        public static final int URL_ELICITATION_REQUIRED = -32042;

        private final String server;
        private final String authorizationUrl;

        public SignInRequired(String server, String authorizationUrl) {
            super("Server '" + server + "' needs you to sign in: open the link, or run: gatehouse auth login "
                    + server, null);
            this.server = server;
            this.authorizationUrl = authorizationUrl;
        }

        ObjectNode data() {
            ObjectNode elicitation = JsonNodeFactory.instance.objectNode()
                    .put("mode", "url")
                    .put("elicitationId", "gatehouse-sign-in-" + server + "-" + correlationId())
                    .put("url", authorizationUrl)
                    .put("message", "Sign in to '" + server + "' to let the gateway use it.");
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.putArray("elicitations").add(elicitation);
            // Which server, for answering a client that cannot show the link (dev.gatehouse.proxy.SignInAnswers).
            data.put("server", server);
            return data;
        }
    }
}
