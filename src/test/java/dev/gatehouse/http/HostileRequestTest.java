package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile and malformed requests against a live gateway: each gets its exact status and JSON-RPC error, and a
 * valid request on the same session still succeeds afterwards.
 */
class HostileRequestTest {

    private static RunningGateway gateway;
    private RawHttp http;
    private McpSessionClient client;

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of()));
    }

    @AfterAll
    static void stopGateway() throws Exception {
        gateway.close();
    }

    @BeforeEach
    void openSession() throws IOException {
        http = new RawHttp(gateway.port());
        client = new McpSessionClient(gateway.port(), "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
    }

    @AfterEach
    void gatewayStillServes() throws IOException {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode tools = McpSessionClient.response(reply).path("result").path("tools");
        assertThat(tools.valueStream().map(t -> t.path("name").asString())).contains("gatehouse__list_servers");
    }

    private RawHttp.Reply postWith(List<String> headers) throws IOException {
        return http.send("POST", "/mcp", headers, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"
                .getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> jsonHeaders(String... more) {
        List<String> headers = new java.util.ArrayList<>(List.of("Content-Type: application/json",
                "Accept: application/json, text/event-stream"));
        headers.addAll(List.of(more));
        return headers;
    }

    private static void assertError(RawHttp.Reply reply, int status, int code) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(McpSessionClient.response(reply).path("error").path("code").asInt()).isEqualTo(code);
        assertThat(reply.headerNames()).noneMatch(name -> name.startsWith("access-control-"));
    }

    @Test
    void rejectsForeignOriginWith403() throws IOException {
        assertError(postWith(jsonHeaders("Host: 127.0.0.1", "Origin: http://evil.example")), 403, -32600);
    }

    @Test
    void rejectsForeignHostWith403() throws IOException {
        assertError(postWith(jsonHeaders("Host: evil.example")), 403, -32600);
    }

    @Test
    void rejectsHostThatOnlyStartsWithLocalhost() throws IOException {
        assertError(postWith(jsonHeaders("Host: localhost.evil.example")), 403, -32600);
        assertError(postWith(jsonHeaders("Host: 127.0.0.1.evil.example:80")), 403, -32600);
    }

    @Test
    void rejectsOriginThatOnlyStartsWithLocalhost() throws IOException {
        assertError(postWith(jsonHeaders("Host: localhost", "Origin: http://localhost.evil.example")), 403, -32600);
        assertError(postWith(jsonHeaders("Host: localhost", "Origin: http://localhost@evil.example")), 403, -32600);
    }

    @Test
    void rejectsNullOrigin() throws IOException {
        assertError(postWith(jsonHeaders("Host: localhost", "Origin: null")), 403, -32600);
    }

    @Test
    void rejectsDuplicateOriginHeaders() throws IOException {
        assertError(postWith(jsonHeaders("Host: localhost", "Origin: http://localhost",
                "Origin: http://evil.example")), 403, -32600);
    }

    @Test
    void rejectsCommaJoinedOrigins() throws IOException {
        assertError(postWith(jsonHeaders("Host: localhost", "Origin: http://localhost, http://evil.example")),
                403, -32600);
    }

    @Test
    void rejectsDuplicateHostHeaders() throws IOException {
        RawHttp.Reply reply = postWith(jsonHeaders("Host: localhost", "Host: evil.example"));
        // Jetty itself refuses an ambiguous Host before the gate sees it; either way the request never passes.
        assertThat(reply.status()).isIn(400, 403);
    }

    @Test
    void acceptsEveryLoopbackSpellingWithAndWithoutPort() throws IOException {
        for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "[::1]", "localhost:" + gateway.port(),
                "[::1]:" + gateway.port())) {
            RawHttp.Reply reply = http.send("GET", "/healthz", List.of("Host: " + host,
                    "Origin: http://" + host), null);
            assertThat(reply.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void requiresTheSessionHeaderWith400() throws IOException {
        assertError(http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", List.of()),
                400, -32600);
    }

    @Test
    void answersUnknownSessionWith404() throws IOException {
        assertError(http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                List.of("Mcp-Session-Id: 00000000000000000000000000000000")), 404, -32600);
    }

    @Test
    void answersEndedSessionWith404() throws IOException {
        McpSessionClient ended = new McpSessionClient(gateway.port(), "/mcp");
        ended.initialize();
        assertThat(ended.delete().status()).isEqualTo(200);
        assertError(ended.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), 404, -32600);
        assertThat(ended.delete().status()).isEqualTo(404);
    }

    @Test
    void refusesASessionIdOnAnotherEndpoint() throws IOException {
        RawHttp.Reply reply = http.postJson("/s/gatehouse/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                List.of("Mcp-Session-Id: " + client.sessionId()));
        assertError(reply, 404, -32600);
    }

    @Test
    void refusesOversizeBodiesWith413() throws IOException {
        byte[] huge = new byte[(int) GatewaySettings.DEFAULTS.maxBodyBytes() + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        RawHttp.Reply reply = http.send("POST", "/mcp", jsonHeaders("Host: localhost",
                "Mcp-Session-Id: " + client.sessionId()), huge);
        assertError(reply, 413, -32600);
    }

    @Test
    void answersMalformedJsonWithParseError() throws IOException {
        assertError(client.post("{\"jsonrpc\":\"2.0\",\"id\":1,"), 400, -32700);
    }

    @Test
    void answersDeeplyNestedJsonWithParseError() throws IOException {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":"
                + nested + "}}");
        assertError(reply, 400, -32700);
        assertThat(McpSessionClient.response(reply).path("error").path("message").asString())
                .contains("nested too deeply");
    }

    @Test
    void refusesBatchesAndNonObjectsAsInvalidRequests() throws IOException {
        assertError(client.post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600);
        assertError(client.post("42"), 400, -32600);
        assertError(client.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
        assertError(client.post("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"), 400, -32600);
    }

    @Test
    void answersUnknownMethodWithMethodNotFound() throws IOException {
        RawHttp.Reply reply = client.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/explode\"}");
        assertError(reply, 200, -32601);
        assertThat(McpSessionClient.response(reply).path("id").asInt()).isEqualTo(7);
    }

    @Test
    void answersUnknownToolWithInvalidParams() throws IOException {
        for (String name : List.of("nope__thing", "gatehouse__nope", "no-separator")) {
            assertError(client.post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\""
                    + name + "\",\"arguments\":{}}}"), 200, -32602);
        }
    }

    @Test
    void refusesUnknownProtocolVersionHeaderWith400() throws IOException {
        RawHttp.Reply reply = http.postJson("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                List.of("Mcp-Session-Id: " + client.sessionId(), "MCP-Protocol-Version: 1999-01-01"));
        assertError(reply, 400, -32600);
    }

    @Test
    void refusesWrongAcceptAndContentType() throws IOException {
        assertError(http.send("POST", "/mcp", List.of("Host: localhost", "Content-Type: application/json",
                "Accept: text/html", "Mcp-Session-Id: " + client.sessionId()), "{}".getBytes()), 406, -32600);
        assertError(http.send("POST", "/mcp", List.of("Host: localhost", "Content-Type: text/plain",
                "Accept: application/json, text/event-stream", "Mcp-Session-Id: " + client.sessionId()),
                "{}".getBytes()), 415, -32600);
    }

    @Test
    void refusesOtherHttpMethodsWith405() throws IOException {
        RawHttp.Reply reply = http.send("PUT", "/mcp", List.of("Host: localhost"), "{}".getBytes());
        assertError(reply, 405, -32600);
        assertThat(reply.header("Allow")).isEqualTo("GET, POST, DELETE");
    }

    @Test
    void answersUnknownPathsWith404() throws IOException {
        assertError(http.send("GET", "/s/nope/mcp", List.of("Host: localhost"), null), 404, -32600);
        assertError(http.send("GET", "/admin", List.of("Host: localhost"), null), 404, -32600);
    }

    @Test
    void healthShowsNamesAndStatesOnly() throws IOException {
        RawHttp.Reply reply = http.send("GET", "/healthz", List.of("Host: localhost"), null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = McpSessionClient.response(reply);
        assertThat(body.path("status").asString()).isEqualTo("ok");
        assertThat(body.path("servers").get(0).path("name").asString()).isEqualTo("gatehouse");
        assertThat(body.path("servers").get(0).path("state").asString()).isEqualTo("ready");
        assertThat(reply.body()).doesNotContain("command", "env", "args");
    }

    @Test
    void acceptsNotificationsAndStrayResponsesWith202() throws IOException {
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":12345}}").status()).isEqualTo(202);
        assertThat(client.post("{\"jsonrpc\":\"2.0\",\"id\":\"gh-s999\",\"result\":{}}").status()).isEqualTo(202);
    }
}
