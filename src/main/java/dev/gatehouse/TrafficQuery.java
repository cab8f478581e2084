package dev.gatehouse;

import java.time.Instant;

/**
 * Which recorded exchanges to list, newest first. Every filter is optional (null, or false for
 * {@code errorsOnly}). {@code tool} matches the tool, prompt or resource name as the server knows it; written as
 * {@code server__tool} it also pins the server. {@code session} is a session handle as listed by the capture, or
 * the session id a client holds (which is turned into its handle). {@code afterId} lists only exchanges recorded
 * after that one, oldest first, which is how a follower pages forward.
 */
public record TrafficQuery(String server, String method, String tool, String session, Instant since,
                           boolean errorsOnly, String grep, int limit, Long afterId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;

    public TrafficQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (grep != null && grep.isEmpty()) {
            grep = null;
        }
    }

    /** Everything, newest first, {@link #DEFAULT_LIMIT} at most. */
    public static TrafficQuery latest() {
        return new TrafficQuery(null, null, null, null, null, false, null, DEFAULT_LIMIT, null);
    }

    public TrafficQuery withServer(String newServer) {
        return new TrafficQuery(newServer, method, tool, session, since, errorsOnly, grep, limit, afterId);
    }

    public TrafficQuery withMethod(String newMethod) {
        return new TrafficQuery(server, newMethod, tool, session, since, errorsOnly, grep, limit, afterId);
    }

    public TrafficQuery withTool(String newTool) {
        return new TrafficQuery(server, method, newTool, session, since, errorsOnly, grep, limit, afterId);
    }

    public TrafficQuery withSession(String newSession) {
        return new TrafficQuery(server, method, tool, newSession, since, errorsOnly, grep, limit, afterId);
    }

    public TrafficQuery withSince(Instant newSince) {
        return new TrafficQuery(server, method, tool, session, newSince, errorsOnly, grep, limit, afterId);
    }

    public TrafficQuery withErrorsOnly(boolean onlyErrors) {
        return new TrafficQuery(server, method, tool, session, since, onlyErrors, grep, limit, afterId);
    }

    public TrafficQuery withGrep(String text) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, text, limit, afterId);
    }

    public TrafficQuery withLimit(int newLimit) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, grep, newLimit, afterId);
    }

    public TrafficQuery withAfterId(Long id) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, grep, limit, id);
    }
}
