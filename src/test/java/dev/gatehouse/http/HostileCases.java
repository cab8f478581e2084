package dev.gatehouse.http;

import static dev.gatehouse.http.HostileCase.of;

import dev.gatehouse.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The hostile-input tables, by family. Statuses are exact: where Jetty refuses a request before the gateway
 * sees it (malformed framing, ambiguous Host) the status is Jetty's and the body still a JSON-RPC error.
 */
final class HostileCases {

    private static final int PARSE = -32700;
    private static final int INVALID = -32600;
    private static final int NO_METHOD = -32601;
    private static final int PARAMS = -32602;
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private HostileCases() {
    }

    private static List<String> jsonHeaders(String host, String... more) {
        List<String> headers = new ArrayList<>(List.of("Host: " + host, "Content-Type: application/json",
                "Accept: application/json, text/event-stream"));
        headers.addAll(List.of(more));
        return headers;
    }

    private static RawHttp.Reply health(HostileCase.Wire wire, String... headers) throws java.io.IOException {
        return wire.http().send("GET", "/healthz", List.of(headers), null);
    }

    /** Every spelling of Host: loopback names pass, anything else is refused. */
    static Stream<HostileCase> hosts() {
        List<HostileCase> cases = new ArrayList<>();
        for (String ok : List.of("localhost", "LOCALHOST", "LocalHost", "127.0.0.1", "[::1]", "localhost:1",
                "localhost:65535", "127.0.0.1:9470", "[::1]:9470", "[::1]:1", "  localhost", "localhost  ")) {
            cases.add(of("host accepted: '" + ok + "'", 200, null, w -> health(w, "Host: " + ok)));
        }
        for (String bad : List.of("evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "localhost.",
                "127.0.0.1.", "LOCALHOST.", "127.0.0.2", "127.1", "2130706433", "0x7f000001", "0177.0.0.1",
                "0.0.0.0", "[::]", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "localhost.localdomain",
                "xn--localhost", "%6cocalhost", "localhost%00", "evil.example:80", "localhost.:9470",
                "sub.localhost", "::1")) {
            cases.add(of("host refused: '" + bad + "'", 403, INVALID, w -> health(w, "Host: " + bad)));
        }
        for (String malformed : List.of("localhost:0", "localhost:65536", "localhost:99999", "localhost:-1",
                "localhost:abc", "localhost:80:80", "[::1", "::1]", "localhost,evil.example",
                "localhost evil.example", "user@localhost", "localhost/path", "[::1]x", "localhost:")) {
            cases.add(of("host malformed: '" + malformed + "'", 400, INVALID, w -> health(w, "Host: " + malformed)));
        }
        cases.add(of("host missing", 400, INVALID, w -> health(w)));
        cases.add(of("host empty", 400, INVALID, w -> health(w, "Host: ")));
        cases.add(of("host duplicated, both loopback", 400, INVALID,
                w -> health(w, "Host: localhost", "Host: localhost")));
        cases.add(of("host duplicated, second foreign", 400, INVALID,
                w -> health(w, "Host: localhost", "Host: evil.example")));
        cases.add(of("host duplicated, first foreign", 400, INVALID,
                w -> health(w, "Host: evil.example", "Host: localhost")));
        cases.add(of("host header name in upper case", 200, null, w -> health(w, "HOST: localhost")));
        cases.add(of("host header name in lower case", 200, null, w -> health(w, "host: localhost")));
        return cases.stream();
    }

    /** Every spelling of Origin: absent or a loopback http(s) origin passes, anything else is refused. */
    static Stream<HostileCase> origins() {
        List<HostileCase> cases = new ArrayList<>();
        for (String ok : List.of("http://localhost", "http://LOCALHOST", "https://localhost", "http://127.0.0.1",
                "http://[::1]", "http://localhost:3000", "https://127.0.0.1:8443", "http://[::1]:9470",
                "HTTP://localhost")) {
            cases.add(of("origin accepted: '" + ok + "'", 200, null,
                    w -> health(w, "Host: localhost", "Origin: " + ok)));
        }
        for (String bad : List.of("null", "NULL", "http://evil.example", "https://evil.example",
                "http://localhost.evil.example", "http://localhost@evil.example", "http://evil.example@localhost",
                "http://user:pass@localhost", "http://localhost.", "http://127.0.0.1.", "http://127.0.0.2",
                "http://0.0.0.0", "http://[::]", "http://[::ffff:127.0.0.1]", "http://localhost/",
                "http://localhost/path", "http://localhost?x=1", "http://localhost#x", "ftp://localhost",
                "file://", "file:///etc/passwd", "chrome-extension://abcdefghijklmnop", "moz-extension://abc",
                "vscode-webview://abc", "localhost", "//localhost", "http://", "http://localhost:0",
                "http://localhost:65536", "http://localhost:abc", "http://localhost, http://evil.example",
                "http://localhost,http://localhost", "http://localhost http://evil.example", "*", "",
                "http://local host", "javascript:alert(1)", "data:text/html,x", "http://[::1", "http://%6cocalhost")) {
            cases.add(of("origin refused: '" + bad + "'", 403, INVALID,
                    w -> health(w, "Host: localhost", "Origin: " + bad)));
        }
        cases.add(of("origin duplicated, both loopback", 403, INVALID,
                w -> health(w, "Host: localhost", "Origin: http://localhost", "Origin: http://localhost")));
        cases.add(of("origin duplicated, second foreign", 403, INVALID,
                w -> health(w, "Host: localhost", "Origin: http://localhost", "Origin: http://evil.example")));
        cases.add(of("origin duplicated, first null", 403, INVALID,
                w -> health(w, "Host: localhost", "Origin: null", "Origin: http://localhost")));
        cases.add(of("foreign origin on an MCP POST", 403, INVALID, w -> w.http().send("POST", "/mcp",
                jsonHeaders("localhost", "Origin: http://evil.example"), PING.getBytes(StandardCharsets.UTF_8))));
        cases.add(of("null origin on an MCP POST", 403, INVALID, w -> w.http().send("POST", "/mcp",
                jsonHeaders("localhost", "Origin: null"), PING.getBytes(StandardCharsets.UTF_8))));
        cases.add(of("foreign origin on DELETE", 403, INVALID, w -> w.http().send("DELETE", "/mcp",
                List.of("Host: localhost", "Origin: http://evil.example", "Mcp-Session-Id: "
                        + w.client().sessionId()), null)));
        cases.add(of("preflight from a foreign origin gets no CORS", 403, INVALID, w -> w.http().send("OPTIONS",
                "/mcp", List.of("Host: localhost", "Origin: http://evil.example",
                        "Access-Control-Request-Method: POST"), null)));
        cases.add(of("preflight from a loopback origin is still not allowed", 405, INVALID, w -> w.http().send(
                "OPTIONS", "/mcp", List.of("Host: localhost", "Origin: http://localhost",
                        "Access-Control-Request-Method: POST"), null)));
        return cases.stream();
    }
}
