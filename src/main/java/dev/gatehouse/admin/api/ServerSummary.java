package dev.gatehouse.admin.api;

/**
 * One server in a list: how it is reached, whether it is enabled, its state ({@code starting}, {@code ready},
 * {@code backoff}, {@code failed}, {@code disabled}, {@code stopped}) with the reason, restarts (its own crash
 * restarts plus the gateway's) and since when it is in that state (ISO-8601, null when not running).
 */
public record ServerSummary(String name, String transport, boolean enabled, String start, String state,
                            String reason, int restarts, String since) {
}
