package dev.gatehouse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which recorded exchanges to list, newest first. Every filter is optional (null, or false for
 * {@code errorsOnly}). {@code tool} matches the tool, prompt or resource name as the server knows it; written as
 * {@code server__tool} it also pins the server. {@code session} is a session handle as listed by the capture, or
 * the session id a client holds (which is turned into its handle). {@code afterId} lists only exchanges recorded
 * after that one, oldest first, which is how a follower pages forward; {@code beforeId} lists only exchanges
 * recorded before that one, still newest first, which is how a listing pages back.
 */
public record TrafficQuery(String server, String method, String tool, String session, Instant since,
                           boolean errorsOnly, String grep, int limit, Long afterId, Long beforeId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 10_000;
    private static final Pattern AGO = Pattern.compile("(\\d{1,9})([smhdw])");

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
        return new TrafficQuery(null, null, null, null, null, false, null, DEFAULT_LIMIT, null, null);
    }

    public TrafficQuery withServer(String newServer) {
        return new TrafficQuery(newServer, method, tool, session, since, errorsOnly, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withMethod(String newMethod) {
        return new TrafficQuery(server, newMethod, tool, session, since, errorsOnly, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withTool(String newTool) {
        return new TrafficQuery(server, method, newTool, session, since, errorsOnly, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withSession(String newSession) {
        return new TrafficQuery(server, method, tool, newSession, since, errorsOnly, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withSince(Instant newSince) {
        return new TrafficQuery(server, method, tool, session, newSince, errorsOnly, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withErrorsOnly(boolean onlyErrors) {
        return new TrafficQuery(server, method, tool, session, since, onlyErrors, grep, limit, afterId, beforeId);
    }

    public TrafficQuery withGrep(String text) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, text, limit, afterId, beforeId);
    }

    public TrafficQuery withLimit(int newLimit) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, grep, newLimit, afterId, beforeId);
    }

    public TrafficQuery withAfterId(Long id) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, grep, limit, id, beforeId);
    }

    public TrafficQuery withBeforeId(Long id) {
        return new TrafficQuery(server, method, tool, session, since, errorsOnly, grep, limit, afterId, id);
    }

    /**
     * A point in time as users write it after {@code --since} or {@code --before}: an amount ago ({@code 90s},
     * {@code 15m}, {@code 1h}, {@code 2d}, {@code 1w}), an ISO-8601 instant ({@code 2026-11-01T10:00:00Z}), or a
     * date ({@code 2026-11-01}, midnight UTC).
     */
    public static Instant parseTime(String text, Instant now) {
        String trimmed = text == null ? "" : text.strip();
        Matcher ago = AGO.matcher(trimmed);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration unit = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.minus(unit.multipliedBy(amount));
        }
        try {
            return trimmed.length() == 10 ? LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: '" + trimmed + "' (use an amount ago such as 15m, 1h, "
                    + "2d or 1w, a date such as 2026-11-01, or an instant such as 2026-11-01T10:00:00Z)");
        }
    }
}
