package dev.gatehouse.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Recorded exchanges as people read them: one fixed-width line each (so a followed stream stays aligned), times
 * in UTC to the millisecond, durations in the unit that suits them, and the error beside a failed one.
 */
final class ExchangeLines {

    private static final String FORMAT = "%-8s %-23s %-14s %-24s %-28s %10s  %s";
    static final String HEADER = String.format(Locale.ROOT, FORMAT, "ID", "TIME (UTC)", "SERVER", "METHOD", "TOOL",
            "DURATION", "OUTCOME").stripTrailing();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final int MESSAGE_WIDTH = 60;

    private ExchangeLines() {
    }

    static String line(JsonNode exchange) {
        String method = exchange.path("method").asString();
        if (exchange.path("direction").asString().equals("server_to_client")) {
            method = method + " (server)";
        }
        return String.format(Locale.ROOT, FORMAT, exchange.path("id").asLong(), time(exchange),
                exchange.path("server").asString(), method, text(exchange, "tool"),
                duration(exchange.path("durationMicros").asLong()), outcome(exchange)).stripTrailing();
    }

    static String time(JsonNode exchange) {
        return TIME.format(Instant.parse(exchange.path("startedAt").asString()));
    }

    /**
     * {@code ok}, {@code error -32601: no method …}, {@code tool error: …} or {@code withdrawn: why}, cut to fit a
     * line.
     */
    static String outcome(JsonNode exchange) {
        String outcome = exchange.path("outcome").asString();
        String message = text(exchange, "errorMessage");
        String described = switch (outcome) {
            case "ok" -> "ok";
            case "withdrawn" -> "withdrawn" + (message.isEmpty() ? "" : ": " + message);
            case "error" -> "error " + exchange.path("errorCode").asString("") + (message.isEmpty() ? ""
                    : ": " + message);
            default -> "tool error" + (message.isEmpty() ? "" : ": " + message);
        };
        String oneLine = described.replaceAll("\\s+", " ");
        return oneLine.length() <= MESSAGE_WIDTH ? oneLine : oneLine.substring(0, MESSAGE_WIDTH - 1) + "…";
    }

    static String duration(long micros) {
        if (micros < 1000) {
            return micros + " µs";
        }
        if (micros < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f s", micros / 1_000_000.0);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "" : value.asString();
    }
}
