package dev.gatehouse.capture;

/** Rows for store tests, with plausible values for what a test does not care about. */
final class Rows {

    private Rows() {
    }

    static TrafficRow.Exchange exchange(String server, String method, String target, long startedAt, String outcome,
                                        String session, String responseBody) {
        TrafficRow.Bodies bodies = responseBody == null ? null : new TrafficRow.Bodies(
                "{\"Content-Type\":[\"application/json\"]}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"}", null, responseBody, false);
        return new TrafficRow.Exchange(session, server, "client_to_server", method, "1", target, startedAt, 1500,
                120, responseBody == null ? 80 : responseBody.length(), outcome,
                outcome.equals("error") ? -32000 : null, outcome.equals("ok") ? null : "it failed", 200,
                bodies == null ? "metadata" : "full", bodies);
    }

    static TrafficRow.Exchange call(String server, String tool, long startedAt) {
        return exchange(server, "tools/call", tool, startedAt, "ok", "s0000000000000001",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
    }
}
