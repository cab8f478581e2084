package dev.gatehouse.proxy;

import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A modern client's call to a legacy server, across the client requests that carry it: the first one, then each
 * retry that answers the questions the server asked meanwhile. The upstream request stays in flight the whole
 * time; the server's questions wait here under gateway-made keys until the client answers them. At most one client
 * request is attached at a time; between rounds the client holds an {@code input_required} result and the state
 * that lets it come back. Every transition is synchronized on this object; futures and upstream replies are
 * completed by {@link InputRequests} outside the lock.
 */
final class SuspendedCall {

    /** A server request waiting for the client's answer under {@code key}. */
    record Question(String key, Upstream upstream, RequestId upstreamId, Message.Request request, long startNanos) {
    }

    /** One client request carrying the call: where its answer goes and under which id. */
    record Round(Session session, RequestId clientId, CompletableFuture<Message.Response> answer) {
    }

    private final String handle;
    private final String principal;
    private final byte[] requestHash;
    private final String method;
    private final ActiveCall call;
    private final Duration ttl;
    private final Map<String, Question> asked = new LinkedHashMap<>();
    private final List<Question> gathering = new ArrayList<>();
    private PendingCall pending;
    private Round round;
    private int issuedRound;
    private boolean issuedConsumed = true;
    private boolean flushScheduled;
    private Message.Response finalResponse;
    private Throwable finalFailure;
    private boolean finished;
    private int keys;

    SuspendedCall(String handle, String principal, byte[] requestHash, String method, ActiveCall call, Duration ttl,
                  Round first) {
        this.handle = handle;
        this.ttl = ttl;
        this.principal = principal;
        this.requestHash = requestHash.clone();
        this.method = method;
        this.call = call;
        this.round = first;
    }

    String handle() {
        return handle;
    }

    String principal() {
        return principal;
    }

    byte[] requestHash() {
        return requestHash.clone();
    }

    String method() {
        return method;
    }

    ActiveCall call() {
        return call;
    }

    /** How long the client may take to come back with answers: the upstream call's own timeout. */
    Duration ttl() {
        return ttl;
    }

    /** Questions waiting, asked or not yet; bounded by the caller. */
    synchronized int waiting() {
        return asked.size() + gathering.size();
    }

    synchronized void sent(PendingCall upstreamCall) {
        this.pending = upstreamCall;
    }

    synchronized PendingCall pending() {
        return pending;
    }

    /** Keeps a server question; true when a gather should be scheduled (a round is attached and none is). */
    synchronized boolean ask(Upstream upstream, Message.Request request, long startNanos) {
        String key = switch (request.method()) {
            case McpMethods.SAMPLING_CREATE_MESSAGE -> "sampling";
            case McpMethods.ELICITATION_CREATE -> "elicitation";
            case McpMethods.ROOTS_LIST -> "roots";
            default -> "input";
        } + "-" + (++keys);
        gathering.add(new Question(key, upstream, request.id(), request, startNanos));
        return claimFlush();
    }

    private boolean claimFlush() {
        if (round == null || finished || flushScheduled || (gathering.isEmpty() && asked.isEmpty())) {
            return false;
        }
        flushScheduled = true;
        return true;
    }

    /**
     * Ends the attached round with the questions so far (new ones and those still unanswered), returning that
     * round and the questions, or null when there is nothing to ask or no one to ask it of.
     */
    synchronized Flushed flush() {
        flushScheduled = false;
        if (round == null || finished || (gathering.isEmpty() && asked.isEmpty())) {
            return null;
        }
        gathering.forEach(q -> asked.put(q.key(), q));
        gathering.clear();
        Round ended = round;
        round = null;
        issuedRound++;
        issuedConsumed = false;
        return new Flushed(ended, List.copyOf(asked.values()), issuedRound);
    }

    record Flushed(Round round, List<Question> questions, int number) {
    }

    /**
     * Accepts a retry for round {@code number}: returns the questions it may answer, and attaches {@code next}.
     * Fails when that round is not the one outstanding, or its state was already used.
     */
    synchronized List<Question> resume(int number, List<String> keysInState, Round next)
            throws RequestStateSeal.Refused {
        if (number != issuedRound || issuedConsumed || round != null) {
            throw new RequestStateSeal.Refused("requestState has already been used or was superseded");
        }
        issuedConsumed = true;
        round = next;
        return keysInState.stream().map(asked::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The client answered this question; it is no longer waiting. */
    synchronized void answered(String key) {
        asked.remove(key);
    }

    /** After a retry's answers went out: whether another gather is due (questions left or already new). */
    synchronized boolean needsGather() {
        return claimFlush();
    }

    /** The final outcome, if the server has answered. */
    synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Records the upstream's final answer. Returns the attached round to complete, or null when the client holds an
     * {@code input_required} and will collect the answer on its retry. Questions still waiting are returned through
     * {@link #drainQuestions()}.
     */
    synchronized Round finish(Message.Response response, Throwable failure) {
        finished = true;
        finalResponse = response;
        finalFailure = failure;
        Round attached = round;
        round = null;
        return attached;
    }

    /** The final outcome, for a retry arriving after the server answered. */
    synchronized Message.Response finalResponse() {
        return finalResponse;
    }

    synchronized Throwable finalFailure() {
        return finalFailure;
    }

    /** Detaches the round attached after the call finished (a retry collecting the answer). */
    synchronized Round detach() {
        Round attached = round;
        round = null;
        return attached;
    }

    synchronized List<Question> drainQuestions() {
        List<Question> all = new ArrayList<>(asked.values());
        all.addAll(gathering);
        asked.clear();
        gathering.clear();
        return all;
    }

    /** Whether the client still holds round {@code number} unanswered (no retry came). */
    synchronized boolean stillWaitingOn(int number) {
        return round == null && issuedRound == number && !issuedConsumed;
    }
}
