package dev.gatehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse logs show ID}: one exchange, its facts first, then the request headers, the request, the
 * response headers and the response one after the other, each pretty-printed (a body cut at the capture's limit
 * is shown as the text it is).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one recorded exchange: timing, sizes, outcome, and its request and response"
                + " (redacted), pretty-printed.")
final class LogsShowCommand extends ApiCommand {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Parameters(index = "0", paramLabel = "EXCHANGE_ID", description = "The exchange's id, as 'gatehouse logs'"
            + " lists it.")
    String id;

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        if (!id.matches("[1-9][0-9]{0,18}")) {
            throw CliFailure.usage("an exchange id is a positive number, as 'gatehouse logs' lists it; got '" + id
                    + "'");
        }
        JsonNode exchange = api.get("/api/traffic/" + id, JsonNode.class);
        if (out.json()) {
            out.json(exchange);
            return 0;
        }
        out.line("Exchange " + exchange.path("id").asLong() + ": " + exchange.path("method").asString()
                + (ExchangeLines.text(exchange, "tool").isEmpty() ? "" : " " + exchange.path("tool").asString())
                + " on " + exchange.path("server").asString());
        out.line("  time:      " + ExchangeLines.time(exchange) + " UTC, took "
                + ExchangeLines.duration(exchange.path("durationMicros").asLong()));
        out.line("  direction: " + (exchange.path("direction").asString().equals("server_to_client")
                ? "server to client" : "client to server"));
        out.line("  session:   " + orDash(ExchangeLines.text(exchange, "session")));
        out.line("  rpc id:    " + orDash(ExchangeLines.text(exchange, "rpcId")));
        out.line("  outcome:   " + ExchangeLines.outcome(exchange)
                + (exchange.path("httpStatus").isNull() ? "" : " (HTTP " + exchange.path("httpStatus").asInt() + ")"));
        out.line("  size:      request " + ExchangeLines.bytes(exchange.path("requestBytes").asLong())
                + ", response " + ExchangeLines.bytes(exchange.path("responseBytes").asLong()));
        out.line("  capture:   " + exchange.path("capture").asString()
                + (exchange.path("truncated").asBoolean(false) ? " (a body was cut at the capture's limit)" : ""));
        if (exchange.path("capture").asString().equals("metadata")) {
            out.line("");
            out.line("(bodies are not recorded for this server: its capture is 'metadata')");
            return 0;
        }
        section(out, "Request headers", exchange.path("requestHeaders"));
        section(out, "Request", exchange.path("request"));
        section(out, "Response headers", exchange.path("responseHeaders"));
        section(out, "Response", exchange.path("response"));
        return 0;
    }

    private static void section(Printer out, String title, JsonNode body) {
        out.line("");
        out.line(title + ":");
        String text = body.isNull() || body.isMissingNode() ? "(none)"
                : body.isString() ? body.asString() : PRETTY.writeValueAsString(body);
        text.lines().forEach(line -> out.line("  " + line));
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
