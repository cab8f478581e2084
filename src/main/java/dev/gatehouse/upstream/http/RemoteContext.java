package dev.gatehouse.upstream.http;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.upstream.Awaiting;
import dev.gatehouse.upstream.PendingCalls;
import dev.gatehouse.upstream.ReplacedState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the connections of one remote upstream share: where the server is, the bounds, the calls in flight, where
 * inbound messages go, how a session that ended is replaced, and what a modern server was told in place of the
 * legacy methods (its log level and subscriptions, which a renewed connection carries on). Also the small helpers every transport uses to
 * build requests and read bodies, so that they agree on headers and on what counts as garbage.
 */
record RemoteContext(String server, ServerConfig.Remote endpoint, RemoteOptions options, JsonRpcCodec codec,
                     PendingCalls pending, LongSupplier ids, Inbound inbound, Renewal renewal, Duration timeout,
                     RequestSecrets secrets, ReplacedState replaced) {

    /** Where messages the server sends go; called on a reader thread, must not block on the server. */
    interface Inbound {
        void accept(Message message, RemoteConnection via);
    }

    /** Replaces a connection whose session the server ended. */
    interface Renewal {
        /** A ready connection other than {@code ended}, starting one if needed; throws a GatewayFailure. */
        RemoteConnection renew(RemoteConnection ended);

        /** Forgets {@code ended}, so that the next use starts a new one. */
        void ended(RemoteConnection ended);

        /**
         * The server refused the live connection's credentials and only the user can fix it (sign in again, or
         * step up to more scopes): the connection is dropped and the server waits in needs-auth for the sign-in.
         */
        void signInNeeded(String reason);
    }

    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    static final String EVENT_STREAM = "text/event-stream";
    private static final Logger log = LoggerFactory.getLogger(RemoteContext.class);
    private static final Duration SLACK = Duration.ofSeconds(5);

    /**
     * A request to {@code uri} carrying the configured headers, idle-bounded a little beyond {@code wait}; secrets
     * the configured headers and URL reference are resolved now, for this request alone (fails with a
     * GatewayFailure naming a missing secret). Redirects are followed, each hop passing the address policy again
     * (dev.gatehouse.net.PolicedHttpClient).
     */
    Request request(java.net.URI uri, HttpMethod method, Duration wait) {
        Request request = options.http().newRequest(secrets.target(uri, endpoint.url())).method(method)
                .followRedirects(true)
                .idleTimeout(wait.plus(SLACK).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        request.headers(headers -> secrets.putHeaders(endpoint.headers(), headers));
        options.credentials().authorize(server, endpoint.url(), request);
        return request;
    }

    /**
     * Whether {@code exchange}, the answer to {@code sent}, is a 401 after which the credentials renewed the token
     * (a refresh): the exchange is then dropped and the caller sends its request once more, so an access token
     * that expired early or was revoked costs the client nothing.
     */
    boolean renewedAfterRefusal(HttpExchange exchange, Request sent, String method) {
        if (exchange.status() != 401
                || !options.credentials().renewAfterRefusal(server, sent.getHeaders().get("Authorization"))) {
            return false;
        }
        exchange.abort();
        log.info("Server {} refused its access token (HTTP 401 to {}); renewed it, sending the request again",
                server, method);
        return true;
    }

    /** A POST of one JSON-RPC message, accepting JSON or an event stream. */
    Request post(java.net.URI uri, Message message, Duration wait) {
        return request(uri, HttpMethod.POST, wait)
                .headers(headers -> headers.put("Accept", ACCEPT_BOTH))
                .body(new org.eclipse.jetty.client.BytesRequestContent("application/json", codec.encode(message)));
    }

    /** A new logical event stream of this server, with its bounds. */
    EventStream eventStream() {
        return new EventStream(server, options.maxMessageBytes(), options.defaultRetry(), options.scheduler());
    }

    /** The legacy-era {@code notifications/cancelled} for an upstream id. */
    static Message.Notification cancellation(long upstreamId, String reason) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("requestId", upstreamId);
        params.put("reason", reason);
        return new Message.Notification(McpMethods.CANCELLED, params);
    }

    /** Decodes one event's data; garbage is logged and skipped (empty). */
    Optional<Message> decodeEvent(String data) {
        try {
            return Optional.of(codec.decode(data.getBytes(StandardCharsets.UTF_8)));
        } catch (ProtocolException e) {
            log.warn("Server {} sent an event that is not JSON-RPC ({}); skipped", server, e.getMessage());
            return Optional.empty();
        }
    }

    /** Decodes a JSON body, failing with a clear reason when it is too large or not JSON-RPC. */
    Message decodeBody(HttpExchange exchange) {
        byte[] body;
        try {
            body = exchange.readBody(options.maxMessageBytes());
        } catch (java.io.IOException e) {
            throw unavailable("the answer broke off (" + HttpExchange.describe(e) + ")");
        }
        if (body == null) {
            throw unavailable("it answered with a body over " + options.maxMessageBytes() + " bytes");
        }
        try {
            return codec.decode(body);
        } catch (ProtocolException e) {
            log.warn("Server {} answered HTTP {} with a body that is not JSON-RPC: {}", server, exchange.status(),
                    e.getMessage());
            throw unavailable("it answered with a body that is not JSON-RPC (HTTP " + exchange.status() + ")");
        }
    }

    /** A JSON-RPC error the server put in an HTTP error answer, if it sent one. */
    Optional<Message.Response> errorBody(HttpExchange exchange) {
        if (!exchange.isJson()) {
            return Optional.empty();
        }
        try {
            return decodeBody(exchange) instanceof Message.Response response && response.isError()
                    ? Optional.of(response) : Optional.empty();
        } catch (GatewayFailure failure) {
            return Optional.empty();
        }
    }

    /**
     * Registers a call of the gateway's own (a handshake), sends it with {@code sendNow} on this thread (whatever
     * that throws propagates) and waits for the answer; fails with the call's failure or a timeout.
     */
    Message.Response exchange(Message.Request request, BiConsumer<PendingCalls.Call, Message.Request> sendNow) {
        PendingCalls.Call call = pending.register(ids.getAsLong(), request.method(), null, timeout);
        try {
            sendNow.accept(call, request);
            return Awaiting.await(call.response(), timeout.plus(SLACK), server, request.method());
        } finally {
            call.abandon(unavailable(request.method() + " was abandoned"));
        }
    }

    /** Runs one exchange of {@code call} in the background; a failure there fails the call. */
    void inBackground(PendingCalls.Call call, Runnable exchange) {
        options.background().execute(() -> {
            try {
                exchange.run();
            } catch (GatewayFailure failure) {
                call.abandon(failure);
            }
        });
    }

    /**
     * Sends a request carrying a notification or a response and reads the acknowledgement: the status, or empty
     * when it could not be sent (logged). Best effort: nothing waits for these.
     */
    Optional<Integer> deliver(Request request, String what) {
        try (HttpExchange exchange = HttpExchange.open(server, what, request, timeout)) {
            exchange.discardBody(options.maxMessageBytes());
            if (exchange.status() < 200 || exchange.status() >= 300) {
                log.warn("Server {} refused {} with HTTP {}", server, what, exchange.status());
            }
            return Optional.of(exchange.status());
        } catch (GatewayFailure failure) {
            log.warn("Server {}: could not send {}: {}", server, what, failure.getMessage());
            return Optional.empty();
        }
    }

    /** What a message is, for a log line: a notification's method, else "a response". */
    static String describe(Message message) {
        return message instanceof Message.Notification notification ? notification.method() : "a response";
    }

    /**
     * What a request to a server that waits for sign-in fails with: a URL-mode sign-in carrying a fresh
     * authorization URL when one can be started, else the command to run.
     */
    GatewayFailure signInFailure() {
        return options.credentials().signInUrl(server).<GatewayFailure>map(url ->
                new GatewayFailure.SignInRequired(server, url.toString()))
                .orElseGet(() -> unavailable("it needs you to sign in; run: gatehouse auth login " + server));
    }

    GatewayFailure.UpstreamUnavailable unavailable(String reason) {
        return new GatewayFailure.UpstreamUnavailable(server, reason, null);
    }

    /**
     * The failure for an HTTP status the transport did not expect. A 401 or 403 that leaves the server waiting for
     * the user (no token that could be refreshed, or {@code insufficient_scope}) becomes {@link #signInFailure}.
     */
    GatewayFailure unexpected(HttpExchange exchange, String what) {
        if ((exchange.status() == 401 || exchange.status() == 403) && options.credentials().needsSignIn(server)) {
            GatewayFailure failure = signInFailure();
            renewal.signInNeeded(failure.getMessage());
            return failure;
        }
        String type = exchange.mediaType().isEmpty() ? "no content type" : exchange.mediaType();
        if (exchange.status() >= 300 && exchange.status() < 400) {
            return unavailable("it redirected " + what + " (HTTP " + exchange.status() + ") without a Location"
                    + " to follow; configure the final URL");
        }
        return unavailable("it answered " + what + " with HTTP " + exchange.status() + " (" + type + ")");
    }
}
