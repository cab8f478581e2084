package dev.gatehouse.capture;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Turns events into rows on the writer thread: serialises and redacts bodies (cutting them at the body limit
 * while still counting their full size), derives the outcome, and cuts every text to its column's size.
 */
final class RowPreparer {

    /** The outcome of a question the gateway withdrew before the client answered it. */
    static final String WITHDRAWN = "withdrawn";
    private static final Pattern EXIT_CODE = Pattern.compile("exited with code (-?\\d+)");
    /** Session handles are looked up once per session, not hashed again for each of its exchanges. */
    private static final int HANDLE_CACHE = 1024;

    private final Redactor redactor;
    private final JsonRpcCodec codec;
    private final int maxBodyBytes;
    /** One buffer for every body, as rows are prepared one at a time on the writer thread. */
    private final CappedOutput scratch = new CappedOutput(0);
    private final Map<String, String> handles = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > HANDLE_CACHE;
        }
    };

    /** Servers whose last recorded event was a crash or a failed start (as many as sessions' handles are cached). */
    private final Set<String> crashed = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > HANDLE_CACHE;
        }
    });

    RowPreparer(Redactor redactor, JsonRpcCodec codec, int maxBodyBytes) {
        this.redactor = redactor;
        this.codec = codec;
        this.maxBodyBytes = maxBodyBytes;
    }

    TrafficRow prepare(TrafficEvent event) {
        return switch (event) {
            case TrafficEvent.SessionStarted s -> new TrafficRow.Session(handle(s.sessionId()),
                    cut(redactor.text(s.clientName()), 200), cut(redactor.text(s.clientVersion()), 100),
                    cut(s.protocolVersion(), 20), cut(s.era(), 10), cut(s.transport(), 30), cut(s.endpoint(), 200),
                    s.atMicros());
            case TrafficEvent.SessionEnded s -> new TrafficRow.SessionEnd(handle(s.sessionId()), s.atMicros());
            case TrafficEvent.Exchange e -> exchange(e);
            case TrafficEvent.Withdrawn w -> withdrawn(w);
            case TrafficEvent.Notification n -> notification(n);
            case TrafficEvent.Lifecycle l -> lifecycle(l);
            case TrafficEvent.Replaced r -> {
                crashed.remove(r.server());
                yield new TrafficRow.Lifecycle(cut(r.server(), 100), r.restarted() ? "restart" : "stop",
                        r.atMicros(), null, r.restarts(), cut(redactor.text(r.reason()), 2000));
            }
        };
    }

    private TrafficRow.Exchange exchange(TrafficEvent.Exchange e) {
        Body request = e.withBodies() ? message(e.request().id().value(), e.request().method(), "params",
                e.request().params()) : body(codec.toTree(e.request()), false);
        Body response = e.withBodies() && !e.response().isError()
                ? message(e.response().id() == null ? NullNode.getInstance() : e.response().id().value(), null,
                        "result", e.response().result())
                : body(codec.toTree(e.response()), e.withBodies());
        String outcome = "ok";
        Integer errorCode = null;
        String errorMessage = null;
        if (e.response().isError()) {
            outcome = "error";
            errorCode = e.response().error().code();
            errorMessage = e.response().error().message();
        } else if (e.response().result() != null && e.response().result().path("isError").asBoolean(false)) {
            outcome = "tool_error";
            errorMessage = firstText(e.response().result());
        }
        TrafficRow.Bodies bodies = e.withBodies()
                ? new TrafficRow.Bodies(e.requestHeaders() == null ? null : redactor.headers(e.requestHeaders()),
                        request.text(), e.responseHeaders() == null ? null : redactor.headers(e.responseHeaders()),
                        response.text(), request.truncated() || response.truncated())
                : null;
        return new TrafficRow.Exchange(handle(e.sessionId()), cut(e.server(), 100), e.direction().label(),
                cut(e.request().method(), 200), cut(rpcId(e.request().id()), 200),
                cut(redactor.text(e.target()), 1000), e.startedAtMicros(), e.durationMicros(),
                e.requestBytes() >= 0 ? e.requestBytes() : request.bytes(), response.bytes(), outcome, errorCode,
                cut(redactor.text(errorMessage), 2000), e.httpStatus(), e.withBodies() ? "full" : "metadata", bodies);
    }

    /** A question withdrawn unanswered: its request, no response, and why in place of an error message. */
    private TrafficRow.Exchange withdrawn(TrafficEvent.Withdrawn w) {
        Body request = body(codec.toTree(w.request()), w.withBodies());
        return new TrafficRow.Exchange(handle(w.sessionId()), cut(w.server(), 100),
                TrafficEvent.Direction.SERVER_TO_CLIENT.label(), cut(w.request().method(), 200),
                cut(rpcId(w.request().id()), 200), null, w.startedAtMicros(), w.durationMicros(), request.bytes(), 0,
                WITHDRAWN, null, cut(redactor.text(w.reason()), 2000), null, w.withBodies() ? "full" : "metadata",
                w.withBodies() ? new TrafficRow.Bodies(null, request.text(), null, null, request.truncated()) : null);
    }

    private TrafficRow.Notification notification(TrafficEvent.Notification n) {
        Body body = body(codec.toTree(n.notification()), n.withBodies());
        return new TrafficRow.Notification(handle(n.sessionId()), cut(n.server(), 100), n.direction().label(),
                cut(n.notification().method(), 200), n.atMicros(), body.bytes(), body.text(), body.truncated());
    }

    private TrafficRow.Lifecycle lifecycle(TrafficEvent.Lifecycle l) {
        UpstreamStatus status = l.status();
        // A server counts a restart once it is ready again, so the start that follows a crash or a failed start
        // is known as a restart by the failure before it; any other start (first use, after an idle stop) is one.
        boolean failure = status.state() == UpstreamStatus.State.BACKOFF
                || status.state() == UpstreamStatus.State.FAILED;
        boolean afterFailure = status.state() == UpstreamStatus.State.STARTING && crashed.remove(l.server());
        if (failure) {
            crashed.add(l.server());
        }
        String event = switch (status.state()) {
            case STARTING -> afterFailure ? "restart" : "start";
            case READY -> "ready";
            case BACKOFF -> "crash";
            case FAILED -> "failed";
            case NEEDS_AUTH -> "needs-auth";
            case STOPPED -> "stop";
            case DISABLED -> "disabled";
        };
        Integer exitCode = null;
        if (failure && status.lastError() != null) {
            Matcher matcher = EXIT_CODE.matcher(status.lastError());
            if (matcher.find()) {
                exitCode = Integer.valueOf(matcher.group(1));
            }
        }
        String detail = status.state() == UpstreamStatus.State.READY ? null : status.lastError();
        return new TrafficRow.Lifecycle(cut(l.server(), 100), event, status.since().toEpochMilli() * 1000,
                exitCode, status.restarts(), cut(redactor.text(detail), 2000));
    }

    private record Body(String text, long bytes, boolean truncated) {
    }

    /** The redacted text (when bodies are kept) and the full serialised size (always). */
    private Body body(JsonNode tree, boolean keep) {
        CappedOutput out = scratch.reset(keep ? maxBodyBytes : 0);
        if (keep) {
            redactor.writeJson(tree, out);
            return new Body(out.text(), out.count(), out.truncated());
        }
        codec.mapper().writeValue(out, tree);
        return new Body(null, out.count(), false);
    }

    /**
     * A request or success answer, kept and redacted, written as its tree would be but without building the
     * envelope's tree: the copy of every message's top level was a tenth of what the writer allocated.
     */
    private Body message(JsonNode id, String method, String bodyName, JsonNode body) {
        CappedOutput out = scratch.reset(maxBodyBytes);
        redactor.writeMessage(id, method, bodyName, body, out);
        return new Body(out.text(), out.count(), out.truncated());
    }

    /** The id as its JSON text; a number, the common case, without the serialiser a node's toString() runs. */
    private static String rpcId(RequestId id) {
        JsonNode value = id.value();
        return value.isIntegralNumber() && value.canConvertToLong() ? Long.toString(value.longValue()) : id.toString();
    }

    private static String firstText(JsonNode result) {
        for (JsonNode content : result.path("content")) {
            if (content.path("type").asString("").equals("text")) {
                return content.path("text").asString(null);
            }
        }
        return null;
    }

    private String handle(String sessionId) {
        return sessionId == null ? null : handles.computeIfAbsent(sessionId, SessionHandles::of);
    }

    /** Cut to a column's size (characters, which both SQLite and PostgreSQL count). */
    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
