package dev.gatehouse.admin;

import dev.gatehouse.TrafficQuery;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of {@code /api/traffic} as a {@link TrafficQuery}: {@code server}, {@code method},
 * {@code tool}, {@code session}, {@code grep} (text), {@code since} (15m, 1h, 2d, a date or an instant),
 * {@code errors} (a flag), {@code limit} and {@code before} (the id to page back from). Each resource accepts
 * only the parameters that mean something to it, so a misspelt or misplaced one is a 400 rather than ignored.
 */
final class TrafficFilters {

    private static final Set<String> FILTERS = Set.of("server", "method", "tool", "session", "since", "errors",
            "grep");

    private TrafficFilters() {
    }

    /** A time window: since when, and one server or (null) all. */
    record Window(Instant since, String server) {
    }

    /** Where a follow stream starts (null: from now) and what it lets through. */
    record Follow(TrafficQuery filters, Long afterId) {
    }

    static TrafficQuery search(Map<String, String> parameters, Instant now) {
        accept(parameters, FILTERS, "limit", "before");
        TrafficQuery query = filters(parameters, now).withLimit(limit(parameters));
        String before = parameters.get("before");
        return before == null ? query : query.withBeforeId(id("before", before));
    }

    static TrafficQuery export(Map<String, String> parameters, Instant now) {
        accept(parameters, FILTERS);
        return filters(parameters, now);
    }

    static Follow follow(Map<String, String> parameters, String lastEventId, Instant now) {
        accept(parameters, FILTERS, "after");
        String after = parameters.get("after") != null ? parameters.get("after") : lastEventId;
        if (after == null) {
            return new Follow(filters(parameters, now), null);
        }
        long afterId = number("after", after);
        if (afterId < 0) {
            throw AdminProblem.badRequest("'after' must be an exchange id, or 0 for everything recorded");
        }
        return new Follow(filters(parameters, now), afterId);
    }

    /** {@code since} defaults to the last hour. */
    static Window window(Map<String, String> parameters, Instant now) {
        accept(parameters, Set.of("since", "server"));
        String since = text(parameters, "since");
        return new Window(time("since", since == null ? "1h" : since, now), text(parameters, "server"));
    }

    /** Which sessions, notifications or lifecycle events to list: {@code since}, {@code server}, {@code limit}. */
    record History(Instant since, String server, int limit) {
    }

    /** {@code withServer} is false for sessions, which belong to no one server. */
    static History history(Map<String, String> parameters, boolean withServer, Instant now) {
        if (withServer) {
            accept(parameters, Set.of("since", "server", "limit"));
        } else {
            accept(parameters, Set.of("since", "limit"));
        }
        String since = text(parameters, "since");
        return new History(since == null ? null : time("since", since, now), text(parameters, "server"),
                limit(parameters));
    }

    private static int limit(Map<String, String> parameters) {
        String limit = parameters.get("limit");
        if (limit == null) {
            return TrafficQuery.DEFAULT_LIMIT;
        }
        long value = number("limit", limit);
        if (value < 1 || value > TrafficQuery.MAX_LIMIT) {
            throw AdminProblem.badRequest("'limit' must be between 1 and " + TrafficQuery.MAX_LIMIT);
        }
        return (int) value;
    }

    /** Without {@code before}, everything recorded so far. */
    static Window clear(Map<String, String> parameters, Instant now) {
        accept(parameters, Set.of("before", "server"));
        String before = text(parameters, "before");
        return new Window(before == null ? null : time("before", before, now), text(parameters, "server"));
    }

    /** An exchange id: a positive whole number. */
    static long id(String name, String text) {
        long value = number(name, text);
        if (value < 1) {
            throw AdminProblem.badRequest("'" + name + "' must be an exchange id (a positive number)");
        }
        return value;
    }

    private static TrafficQuery filters(Map<String, String> parameters, Instant now) {
        String since = text(parameters, "since");
        return TrafficQuery.latest()
                .withServer(text(parameters, "server"))
                .withMethod(text(parameters, "method"))
                .withTool(text(parameters, "tool"))
                .withSession(text(parameters, "session"))
                .withSince(since == null ? null : time("since", since, now))
                .withErrorsOnly(flag(parameters, "errors"))
                .withGrep(text(parameters, "grep"));
    }

    private static void accept(Map<String, String> parameters, Set<String> known, String... more) {
        Set<String> all = new TreeSet<>(known);
        all.addAll(Set.of(more));
        for (String name : parameters.keySet()) {
            if (!all.contains(name)) {
                throw AdminProblem.badRequest("unknown parameter '" + name + "' (this resource takes: "
                        + String.join(", ", all) + ")");
            }
        }
    }

    private static String text(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant time(String name, String text, Instant now) {
        try {
            return TrafficQuery.parseTime(text, now);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.badRequest("'" + name + "' is " + e.getMessage());
        }
    }

    /** {@code errors}, {@code errors=} and {@code errors=true} are true, {@code errors=false} false. */
    private static boolean flag(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            return false;
        }
        return switch (value) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw AdminProblem.badRequest("'" + name + "' must be true or false");
        };
    }

    private static long number(String name, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw AdminProblem.badRequest("'" + name + "' must be a whole number, got '" + text + "'");
        }
    }
}
