package dev.gatehouse.proxy;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A legacy server's questions (sampling, elicitation, roots) during a modern client's call, turned into the modern
 * era's multi round-trip: the client's request is answered with an {@code input_required} result listing the
 * questions under gateway-made keys and a sealed {@code requestState}; the client's retry, carrying
 * {@code inputResponses} and the state, answers the server requests still waiting upstream, and takes over the call
 * until the server's final answer or its next questions. Questions that arrive together (within
 * {@link #GATHER}) are asked together.
 *
 * <p>The state binds the caller (its principal and endpoint), a hash of the request (method and params without
 * {@code _meta}), the round and its keys, and an expiry; it is good for one retry. Anything else is refused with
 * {@code -32602} before anything reaches the server.
 */
final class InputRequests {

    private static final Logger LOG = LoggerFactory.getLogger(InputRequests.class);
    /** The requests a modern server may answer with {@code input_required}. */
    static final Set<String> SUSPENDABLE = Set.of(McpMethods.TOOLS_CALL, McpMethods.PROMPTS_GET,
            McpMethods.RESOURCES_READ);
    static final Duration GATHER = Duration.ofMillis(100);
    private static final int MAX_CALLS = 256;
    private static final int MAX_QUESTIONS_PER_CALL = 16;

    /** What a modern client's request to a legacy server carries of the multi round-trip. */
    record Retry(String state, ObjectNode inputResponses, byte[] requestHash, JsonNode progressToken) {
        boolean resumes() {
            return state != null;
        }
    }

    private final Map<String, SuspendedCall> calls = new ConcurrentHashMap<>();
    private final RequestStateSeal seal;
    private final ScheduledExecutorService scheduler;
    private final TrafficTap tap;
    private final LimitCounters counters;
    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;

    InputRequests(InstantSource clock, ScheduledExecutorService scheduler, TrafficTap tap, LimitCounters counters) {
        this.seal = new RequestStateSeal(clock);
        this.scheduler = scheduler;
        this.tap = tap;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * For a modern client's {@code tools/call}, {@code prompts/get} or {@code resources/read} to a legacy server:
     * takes the multi round-trip fields off {@code params} (the server does not know them) and hashes what is left.
     * Null for every other request, which passes unchanged (a modern server reads its own fields).
     */
    Retry inspect(Session session, Upstream upstream, String method, ObjectNode params) {
        if (!session.isModern() || !SUSPENDABLE.contains(method)
                || ModernEra.VERSION.equals(upstream.handshake().protocolVersion())) {
            return null;
        }
        JsonNode state = params.remove("requestState");
        JsonNode responses = params.remove("inputResponses");
        if (state != null && !state.isString()) {
            throw invalid("requestState must be a string");
        }
        if (responses != null && !responses.isObject()) {
            throw invalid("inputResponses must be an object");
        }
        JsonNode progressToken = params.path("_meta").get("progressToken");
        return new Retry(state == null ? null : state.stringValue(),
                responses == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) responses,
                hash(upstream.name(), method, params),
                progressToken == null || progressToken.isNull() ? null : progressToken);
    }

    /** Makes a fresh call able to ask; null when too many calls are suspended (its questions are then refused). */
    SuspendedCall open(ActiveCall call, Session session, Message.Request request, Retry retry,
                       CompletableFuture<Message.Response> answer, Duration ttl) {
        if (calls.size() >= MAX_CALLS) {
            counters.hit(LimitCounters.Limit.PENDING_PER_SESSION);
            return null;
        }
        byte[] handle = new byte[16];
        random.nextBytes(handle);
        SuspendedCall rounds = new SuspendedCall(HexFormat.of().formatHex(handle), principalOf(session),
                retry.requestHash(), request.method(), call, ttl,
                new SuspendedCall.Round(session, request.id(), answer));
        calls.put(rounds.handle(), rounds);
        call.suspendable(rounds);
        return rounds;
    }

    /** A server question for the client; false when the call already has too many waiting. */
    boolean ask(SuspendedCall rounds, Upstream from, Message.Request request, long startNanos) {
        if (rounds.waiting() >= MAX_QUESTIONS_PER_CALL || rounds.isFinished()) {
            return false;
        }
        if (rounds.ask(from, request, startNanos)) {
            scheduler.schedule(() -> flush(rounds), GATHER.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Answers the attached client request with the questions gathered, under a freshly sealed state. */
    private void flush(SuspendedCall rounds) {
        SuspendedCall.Flushed flushed = rounds.flush();
        if (flushed == null) {
            return;
        }
        List<String> keys = flushed.questions().stream().map(SuspendedCall.Question::key).toList();
        String state = seal.seal(new RequestStateSeal.State(rounds.handle(), flushed.number(), rounds.principal(),
                rounds.requestHash(), keys, clock.instant().plus(rounds.ttl())));
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("resultType", "input_required");
        ObjectNode requests = result.putObject("inputRequests");
        for (SuspendedCall.Question question : flushed.questions()) {
            ObjectNode entry = requests.putObject(question.key());
            entry.put("method", question.request().method());
            entry.set("params", question.request().params() == null ? JsonNodeFactory.instance.objectNode()
                    : question.request().params());
        }
        result.put("requestState", state);
        SuspendedCall.Round round = flushed.round();
        round.session().untrackInFlight(round.clientId());
        round.answer().complete(Message.Response.success(round.clientId(), result));
        scheduler.schedule(() -> abandonIfIdle(rounds, flushed.number()), rounds.ttl().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The client's retry: checks its state and, if good, answers the server's waiting questions with the client's
     * {@code inputResponses} and makes this request the one the call's answer goes to. Questions it leaves
     * unanswered are asked again.
     */
    void resume(Retry retry, Session session, RequestId clientId, ExchangeChannel channel,
                CompletableFuture<Message.Response> answer) {
        RequestStateSeal.State state;
        SuspendedCall rounds;
        List<SuspendedCall.Question> questions;
        try {
            state = seal.open(retry.state());
            rounds = calls.get(state.handle());
            if (rounds == null) {
                throw new RequestStateSeal.Refused("requestState belongs to a call that has ended or expired");
            }
            if (!state.isFor(principalOf(session), retry.requestHash())) {
                throw new RequestStateSeal.Refused("requestState was issued for another request or another client");
            }
            questions = rounds.resume(state.round(), state.keys(), new SuspendedCall.Round(session, clientId, answer));
        } catch (RequestStateSeal.Refused refused) {
            throw invalid(refused.getMessage());
        }
        SuspendedCall call = rounds;
        session.trackInFlight(clientId, () -> {
            PendingCall pending = call.pending();
            if (pending != null) {
                pending.cancel("cancelled by the client");
            }
        });
        rounds.call().moveTo(session, channel, retry.progressToken());
        if (rounds.isFinished()) {
            SuspendedCall.Round attached = rounds.detach();
            if (attached != null) {
                calls.remove(rounds.handle());
                complete(attached, rounds.method(), rounds.finalResponse(), rounds.finalFailure());
            }
            return;
        }
        for (SuspendedCall.Question question : questions) {
            if (retry.inputResponses().get(question.key()) instanceof ObjectNode result) {
                rounds.answered(question.key());
                reply(session, question, Message.Response.success(question.upstreamId(), result));
            }
        }
        if (rounds.needsGather()) {
            scheduler.schedule(() -> flush(rounds), GATHER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The server's final answer: to the attached request, or kept for the retry the client still owes. */
    void finished(SuspendedCall rounds, Message.Response response, Throwable failure) {
        SuspendedCall.Round attached = rounds.finish(response, failure);
        for (SuspendedCall.Question question : rounds.drainQuestions()) {
            withdraw(rounds, question, "The call ended before the client answered");
        }
        if (attached != null) {
            calls.remove(rounds.handle());
            complete(attached, rounds.method(), response, failure);
        }
    }

    /** A client that never came back: the call is cancelled upstream and forgotten. */
    private void abandonIfIdle(SuspendedCall rounds, int number) {
        if (!rounds.stillWaitingOn(number)) {
            return;
        }
        calls.remove(rounds.handle());
        PendingCall pending = rounds.pending();
        if (pending != null && !rounds.isFinished()) {
            LOG.info("a modern client did not answer the input {} asked for within {}; cancelling the call",
                    rounds.call().server(), rounds.ttl());
            pending.cancel("the client did not come back with the input the server asked for");
        }
        for (SuspendedCall.Question question : rounds.drainQuestions()) {
            withdraw(rounds, question, "The client did not answer in time");
        }
    }

    private static void complete(SuspendedCall.Round round, String method, Message.Response response,
                                 Throwable failure) {
        round.session().untrackInFlight(round.clientId());
        round.answer().complete(failure == null
                ? response.withId(round.clientId())
                : Message.Response.failure(round.clientId(), Failures.toRpcError(failure, method)));
    }

    /** A question the client will not answer: the server is told why, and the capture records it withdrawn. */
    private void withdraw(SuspendedCall rounds, SuspendedCall.Question question, String why) {
        question.upstream().reply(Message.Response.failure(question.upstreamId(),
                new RpcError(RpcError.INTERNAL_ERROR, why)));
        tap.withdrawn(rounds.call().session(), question.upstream().name(), question.request(), why,
                question.startNanos());
    }

    private void reply(Session session, SuspendedCall.Question question, Message.Response response) {
        question.upstream().reply(response);
        tap.serverExchange(session, question.upstream().name(), question.request(), response, question.startNanos());
    }

    /** The caller a state is bound to: who the plane admitted, on which endpoint. */
    private static String principalOf(Session session) {
        return session.endpoint() + "|" + (session.principal() == null ? "" : session.principal());
    }

    private static ProtocolException invalid(String why) {
        return new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: " + why);
    }

    /** SHA-256 over the server, the method and the params (without {@code _meta}), keys sorted. */
    static byte[] hash(String server, String method, ObjectNode params) {
        ObjectNode copy = params.deepCopy();
        copy.remove("_meta");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((server + "\n" + method + "\n" + sorted(copy)).getBytes(StandardCharsets.UTF_8));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, String> fields = new TreeMap<>();
            object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            StringBuilder text = new StringBuilder("{");
            fields.forEach((k, v) -> text.append(JsonNodeFactory.instance.stringNode(k)).append(':').append(v)
                    .append(','));
            return text.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder("[");
            node.values().forEach(v -> text.append(sorted(v)).append(','));
            return text.append(']').toString();
        }
        return node.toString();
    }
}
