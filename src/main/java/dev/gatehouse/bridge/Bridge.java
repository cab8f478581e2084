package dev.gatehouse.bridge;

import dev.gatehouse.protocol.BoundedLineReader;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.upstream.http.HeaderValues;
import dev.gatehouse.upstream.http.ModernRequests;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries one stdio client's messages to the gateway and the gateway's back. The reader thread takes the client's
 * lines in order: {@code initialize} is answered before the next line is read (every later message needs its
 * session), notifications and responses are POSTed in order, and each request runs on its own virtual thread
 * so a long tool call never holds up a ping. A line whose {@code _meta} names a protocol version is a modern
 * request and travels without a session. A gateway that restarted elsewhere is found again by {@link PlaneRoute}
 * when a connection is refused, and a legacy message that meets a 404 (the gateway restarted and lost the
 * session) is sent again in a session {@link LegacySession} reopens. At the end of stdin the requests still
 * running get a short grace, then the session is ended (HTTP DELETE) and the bridge exits.
 *
 * <p>Threads: the reader (the caller of {@link #run}), one virtual thread per request, the GET stream's, and the
 * shutdown hook. Locks, none held while taking another: {@link ClientLines} per line written, each in-flight
 * request's own, and {@link LegacySession}'s, held across its reopening POST so that only one thread reopens.
 */
final class Bridge {

    static final int MAX_IN_FLIGHT = 256;
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final JsonRpcCodec codec;
    private final PlaneClient plane;
    private final AnswerRelay relay;
    private final ClientLines client;
    private final PrintStream log;
    private final LegacySession session;
    private final Map<RequestId, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    Bridge(JsonRpcCodec codec, PlaneClient plane, ClientLines client, PrintStream log) {
        this.codec = codec;
        this.plane = plane;
        this.client = client;
        this.relay = new AnswerRelay(codec, client);
        this.session = new LegacySession(plane, relay);
        this.log = log;
    }

    /** Bridges until stdin ends or the client closes stdout, then ends the session. */
    void run(InputStream stdin) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(stdin, AnswerRelay.MAX_MESSAGE_BYTES);
        for (BoundedLineReader.Line line = lines.readLine(); line != null && !client.closed();
                line = lines.readLine()) {
            if (line.oversized()) {
                relay.fail(null, RpcError.PARSE_ERROR, "Parse error: a message is larger than "
                        + AnswerRelay.MAX_MESSAGE_BYTES + " bytes");
            } else if (!isBlank(line.bytes())) {
                handle(line.bytes());
            }
        }
        drain();
        end();
    }

    /** Ends the session on the gateway once, whoever gets here first: the end of stdin or a shutdown signal. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        inFlight.values().forEach(call -> call.cancel(true));
        session.end();
    }

    private void handle(byte[] bytes) {
        Message message;
        try {
            message = codec.decode(bytes);
        } catch (ProtocolException e) {
            client.write(codec.encode(Message.Response.failure(e.id(), e.error())));
            return;
        }
        switch (message) {
            case Message.Request request when isModern(request.params()) -> start(request, bytes, true);
            case Message.Request request when request.method().equals(McpMethods.INITIALIZE) ->
                    initialize(request, bytes);
            case Message.Request request -> start(request, bytes, false);
            case Message.Notification notification -> notification(notification, bytes);
            case Message.Response response -> respond(response, bytes);
        }
    }

    private void initialize(Message.Request request, byte[] bytes) {
        PlaneClient.Session previous = session.forget();
        try (HttpAnswer answer = plane.post(bytes)) {
            Message.Response response = relay.relay(answer, request.id());
            if (response == null) {
                relay.fail(request.id(), RpcError.INTERNAL_ERROR, noAnswer(answer.status()));
            } else {
                session.opened(bytes, answer, response);
            }
        } catch (IOException e) {
            relay.fail(request.id(), RpcError.INTERNAL_ERROR, unreachable(e));
        }
        if (previous != null) {
            Thread.ofVirtual().start(() -> session.endQuietly(previous));
        }
    }

    private void start(Message.Request request, byte[] bytes, boolean modern) {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            relay.fail(request.id(), RpcError.RATE_LIMITED, "Too many requests in flight through gatehouse connect"
                    + " (at most " + MAX_IN_FLIGHT + ")");
            return;
        }
        InFlight call = new InFlight(modern);
        if (inFlight.putIfAbsent(request.id(), call) != null) {
            relay.fail(request.id(), RpcError.INVALID_REQUEST,
                    "Invalid Request: a request with id " + request.id() + " is still in flight");
            return;
        }
        Thread.ofVirtual().name("gatehouse-request").start(() -> forward(request, bytes, call));
    }

    private void forward(Message.Request request, byte[] bytes, InFlight call) {
        try (HttpAnswer answer = call.modern
                ? plane.postModern(bytes, modernHeaders(request), call::opened)
                : postInSession(bytes, call::opened)) {
            Message.Response response = relay.relay(answer, request.id());
            if (response == null && !call.cancelled()) {
                relay.fail(request.id(), RpcError.INTERNAL_ERROR, noAnswer(answer.status()));
            }
        } catch (IOException e) {
            if (!call.cancelled()) {
                relay.fail(request.id(), RpcError.INTERNAL_ERROR, unreachable(e));
            }
        } catch (IllegalArgumentException e) {
            relay.fail(request.id(), RpcError.INVALID_REQUEST, "Invalid Request: " + e.getMessage());
        } finally {
            inFlight.remove(request.id(), call);
        }
    }

    /**
     * The client gave up on a request. A modern request is cancelled by closing its stream, as that era defines;
     * a legacy one by the notification itself, which goes on to the gateway. Either way the client expects no
     * answer, so the bridge writes none of its own.
     */
    private void notification(Message.Notification notification, byte[] bytes) {
        if (notification.method().equals(McpMethods.CANCELLED) && notification.params() != null) {
            JsonNode target = notification.params().get("requestId");
            InFlight call = target != null && (target.isString() || target.isIntegralNumber())
                    ? inFlight.get(new RequestId(target)) : null;
            if (call != null) {
                call.cancel(call.modern);
            }
        }
        if (plane.session() != null && !isModern(notification.params())) {
            postInOrder(bytes, "notification " + notification.method());
        }
    }

    /** The client's answer to a server's request (sampling, elicitation, roots), for the session's server. */
    private void respond(Message.Response response, byte[] bytes) {
        if (plane.session() == null) {
            log.println("gatehouse connect: dropped a response with id " + response.id()
                    + ": there is no session to send it to");
            return;
        }
        postInOrder(bytes, "response " + response.id());
    }

    private void postInOrder(byte[] bytes, String what) {
        try (HttpAnswer answer = postInSession(bytes, connection -> { })) {
            if (answer.status() != 202 && answer.status() != 200) {
                log.println("gatehouse connect: the gateway refused the client's " + what + " (HTTP "
                        + answer.status() + ")");
            }
        } catch (IOException e) {
            log.println("gatehouse connect: could not send the client's " + what + ": " + unreachable(e));
        }
    }

    /**
     * POSTs a legacy message in the current session; when the gateway no longer knows that session, the session
     * is opened again and the message sent once more.
     */
    private HttpAnswer postInSession(byte[] bytes, Consumer<Closeable> opened) throws IOException {
        PlaneClient.Session sent = plane.session();
        HttpAnswer answer = plane.post(bytes, opened);
        if (answer.status() != 404 || sent == null || !session.reopen(sent)) {
            return answer;
        }
        answer.close();
        return plane.post(bytes, opened);
    }

    private Map<String, String> modernHeaders(Message.Request request) {
        Map<String, String> headers = new LinkedHashMap<>(ModernRequests.standardHeaders(request));
        String version = ModernEra.meta(request.params()).path(ModernEra.META_PROTOCOL_VERSION).asString("");
        headers.put(PlaneClient.VERSION_HEADER, HeaderValues.encode(version));
        return headers;
    }

    /** Gives running requests a moment to finish after stdin ended: a piped client reads its answers then. */
    private void drain() {
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        while (!inFlight.isEmpty() && !client.closed() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isModern(ObjectNode params) {
        ObjectNode meta = ModernEra.meta(params);
        return meta != null && meta.has(ModernEra.META_PROTOCOL_VERSION);
    }

    private static String noAnswer(int status) {
        return "The gateway answered HTTP " + status + " without a JSON-RPC response";
    }

    private static String unreachable(IOException e) {
        return "The gateway could not be reached (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A request on its way: its connection, once open, so that cancelling can close it. */
    private static final class InFlight {
        final boolean modern;
        private Closeable connection;
        private boolean cancelled;
        private boolean aborted;

        InFlight(boolean modern) {
            this.modern = modern;
        }

        synchronized void opened(Closeable opened) {
            connection = opened;
            if (aborted) {
                closeQuietly();
            }
        }

        /** Marks the request cancelled; {@code abort} also closes its connection, now or once it opens. */
        synchronized void cancel(boolean abort) {
            cancelled = true;
            if (abort) {
                aborted = true;
                closeQuietly();
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        private void closeQuietly() {
            if (connection == null) {
                return;
            }
            try {
                connection.close();
            } catch (IOException e) {
                // Already closed by the other side: the request is over either way.
            }
        }
    }
}
