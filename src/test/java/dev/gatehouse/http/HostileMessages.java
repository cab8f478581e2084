package dev.gatehouse.http;

import static dev.gatehouse.http.HostileCase.of;

import dev.gatehouse.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Hostile framing, JSON-RPC shapes, MCP semantics, sessions and encodings, each with its exact answer. */
final class HostileMessages {

    private static final int PARSE = -32700;
    private static final int INVALID = -32600;
    private static final int NO_METHOD = -32601;
    private static final int PARAMS = -32602;
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private HostileMessages() {
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A POST head for {@code /mcp} on the wire's session, without Content-Length, ending in the blank line. */
    private static String sessionHead(HostileCase.Wire wire, String... more) {
        StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Mcp-Session-Id: " + wire.client().sessionId() + "\r\nConnection: close\r\n");
        for (String line : more) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static RawHttp.Reply raw(HostileCase.Wire wire, byte[] request) throws java.io.IOException {
        return wire.http().sendRaw(request, true);
    }

    /** HTTP framing: methods, versions, lengths, chunking, request targets. */
    static Stream<HostileCase> framing() {
        List<HostileCase> cases = new ArrayList<>();
        for (String method : List.of("PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECTX")) {
            cases.add(of("method " + method + " on /mcp", 405, INVALID,
                    w -> w.http().send(method, "/mcp", List.of("Host: localhost"), null)));
        }
        for (String method : List.of("POST", "PUT", "DELETE")) {
            cases.add(of("method " + method + " on /healthz", 405, INVALID,
                    w -> w.http().send(method, "/healthz", List.of("Host: localhost"), new byte[0])));
        }
        cases.add(of("lower-case method name", 405, INVALID,
                w -> w.http().send("post", "/mcp", List.of("Host: localhost"), new byte[0])));
        for (String path : List.of("//mcp", "/s//mcp")) {
            cases.add(of("empty path segment in " + path, 400, INVALID,
                    w -> w.http().send("GET", path, List.of("Host: localhost"), null)));
        }
        // Percent-decoding and dot segments are resolved before routing, so these reach /mcp itself, whose GET
        // then demands an event-stream Accept header.
        for (String path : List.of("/%6dcp", "/s/../mcp", "/s/gatehouse/../../mcp")) {
            cases.add(of("path " + path + " resolves to /mcp", 406, INVALID,
                    w -> w.http().send("GET", path, List.of("Host: localhost"), null)));
        }
        for (String path : List.of("/MCP", "/mcp/", "/mcp/extra", "/s/nope/mcp", "/s/mcp",
                "/s/gatehouse/mcp/x", "/s/gatehouse/MCP", "/api/servers", "/", "/favicon.ico", "/healthz/")) {
            cases.add(of("unknown path " + path, 404, INVALID,
                    w -> w.http().send("GET", path, List.of("Host: localhost"), null)));
        }
        cases.add(of("encoded traversal", 400, INVALID,
                w -> w.http().send("GET", "/s/%2e%2e/mcp", List.of("Host: localhost"), null)));
        cases.add(of("NUL in the path", 400, INVALID,
                w -> w.http().send("GET", "/mcp%00", List.of("Host: localhost"), null)));
        cases.add(of("query string on the health check is ignored", 200, null,
                w -> w.http().send("GET", "/healthz?x=1", List.of("Host: localhost"), null)));
        cases.add(of("absolute-form target with a foreign authority", 403, INVALID,
                w -> raw(w, bytes("GET http://evil.example/healthz HTTP/1.1\r\nHost: evil.example\r\n"
                        + "Connection: close\r\n\r\n"))));
        cases.add(of("HTTP/1.0 without Host", 403, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/1.0\r\n\r\n"))));
        cases.add(of("HTTP/1.0 with a loopback Host", 200, null,
                w -> raw(w, bytes("GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n"))));
        cases.add(of("HTTP/0.9 request line", 505, -32603, w -> raw(w, bytes("GET /healthz\r\n\r\n"))));
        cases.add(of("HTTP/2.0 on a cleartext HTTP/1 connection", 426, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/2.0\r\nHost: localhost\r\n\r\n"))));
        cases.add(of("unknown HTTP version", 505, -32603,
                w -> raw(w, bytes("GET /healthz HTTP/1.7\r\nHost: localhost\r\n\r\n"))));
        // RFC 9112 lets a server accept a bare LF as a line end; with no proxy in front there is nothing to smuggle.
        cases.add(of("bare LF line endings", 200, null,
                w -> raw(w, bytes("GET /healthz HTTP/1.1\nHost: localhost\nConnection: close\n\n"))));
        cases.add(of("obsolete line folding", 400, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-A: a\r\n b\r\n"
                        + "Connection: close\r\n\r\n"))));
        cases.add(of("space before the colon", 400, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/1.1\r\nHost : localhost\r\nConnection: close\r\n\r\n"))));
        cases.add(of("header without a colon", 400, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nNoColon\r\nConnection: close\r\n\r\n"))));
        cases.add(of("NUL in a header value", 400, INVALID,
                w -> raw(w, bytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\nConnection: close\r\n\r\n"))));
        cases.add(of("content-length and chunked together", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: 5", "Transfer-Encoding: chunked")), bytes("0\r\n\r\n")))));
        cases.add(of("two different content-lengths", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + PING.length(), "Content-Length: 3")), bytes(PING)))));
        cases.add(of("negative content-length", 400, INVALID,
                w -> raw(w, bytes(sessionHead(w, "Content-Length: -1")))));
        cases.add(of("non-numeric content-length", 400, INVALID,
                w -> raw(w, bytes(sessionHead(w, "Content-Length: ten")))));
        cases.add(of("content-length with a sign", 400, INVALID,
                w -> raw(w, join(bytes(sessionHead(w, "Content-Length: +" + PING.length())), bytes(PING)))));
        cases.add(of("content-length past the body limit", 413, INVALID,
                w -> raw(w, bytes(sessionHead(w, "Content-Length: 99999999999")))));
        cases.add(of("body shorter than its content-length", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: 100")), bytes(PING)))));
        cases.add(of("unknown transfer-encoding", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: gzip")), bytes(PING)))));
        cases.add(of("chunked twice", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: chunked, chunked")), bytes("0\r\n\r\n")))));
        cases.add(of("chunk size that is not hex", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: chunked")), bytes("zz\r\n" + PING + "\r\n0\r\n\r\n")))));
        cases.add(of("chunked body cut short", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: chunked")), bytes("ff\r\n" + PING)))));
        cases.add(of("valid chunked body", 200, null, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: chunked")), bytes(Integer.toHexString(PING.length()) + "\r\n" + PING
                + "\r\n0\r\n\r\n")))));
        cases.add(of("valid chunked body in one-byte chunks", 200, null, w -> {
            StringBuilder chunks = new StringBuilder();
            PING.chars().forEach(c -> chunks.append("1\r\n").append((char) c).append("\r\n"));
            return raw(w, join(bytes(sessionHead(w, "Transfer-Encoding: chunked")),
                    bytes(chunks + "0\r\n\r\n")));
        }));
        cases.add(of("chunk extension", 200, null, w -> raw(w, join(bytes(sessionHead(w,
                "Transfer-Encoding: chunked")), bytes(Integer.toHexString(PING.length()) + ";x=y\r\n" + PING
                + "\r\n0\r\n\r\n")))));
        cases.add(of("Expect: 100-continue", 200, null, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + PING.length(), "Expect: 100-continue")), bytes(PING)))));
        cases.add(of("unknown Expect", 417, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + PING.length(), "Expect: teapot")), bytes(PING)))));
        cases.add(of("upgrade to websocket on a POST", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + PING.length(), "Upgrade: websocket")), bytes(PING)))));
        cases.add(of("upgrade to h2c on a POST", 400, INVALID, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + PING.length(), "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__")),
                bytes(PING)))));
        cases.add(of("empty body", 400, PARSE, w -> raw(w, bytes(sessionHead(w, "Content-Length: 0")))));
        cases.add(of("no body and no length", 400, PARSE, w -> raw(w, bytes(sessionHead(w)))));
        return cases.stream();
    }

    /** Bodies that are not one valid JSON-RPC message. */
    static Stream<HostileCase> jsonRpc() {
        List<HostileCase> cases = new ArrayList<>();
        String[][] parse = {
                {"truncated object", "{\"jsonrpc\":\"2.0\",\"id\":1,"},
                {"bare word", "ping"},
                {"single quotes", "{'jsonrpc':'2.0','id':1,'method':'ping'}"},
                {"trailing comma", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}"},
                {"comment", "{\"jsonrpc\":\"2.0\",/*x*/\"id\":1,\"method\":\"ping\"}"},
                {"NaN", "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"ping\"}"},
                {"Infinity", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":Infinity}}"},
                {"unquoted key", "{jsonrpc:\"2.0\",\"id\":1,\"method\":\"ping\"}"},
                {"two documents", PING + PING},
                {"trailing garbage", PING + " x"},
                {"duplicate id", "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}"},
                {"duplicate method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}"},
                {"duplicate key in params", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":1,\"a\":2}}"},
                {"unterminated string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping}"},
                {"bad escape", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi\\qng\"}"},
                {"raw newline in a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi\nng\"}"},
                {"raw tab in a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi\tng\"}"},
                {"leading zero number", "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}"},
                {"hex number", "{\"jsonrpc\":\"2.0\",\"id\":0x1,\"method\":\"ping\"}"},
                {"only whitespace", "   \r\n\t "},
                {"array never closed", "[[[[[[["},
        };
        for (String[] c : parse) {
            cases.add(of("parse error: " + c[0], 400, PARSE, w -> w.client().post(c[1])));
        }
        String[][] invalid = {
                {"batch", "[" + PING + "]"},
                {"empty batch", "[]"},
                {"number", "42"},
                {"string", "\"ping\""},
                {"null", "null"},
                {"true", "true"},
                {"empty object", "{}"},
                {"no jsonrpc", "{\"id\":1,\"method\":\"ping\"}"},
                {"jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"},
                {"jsonrpc as number", "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}"},
                {"jsonrpc 2.0 with a space", "{\"jsonrpc\":\"2.0 \",\"id\":1,\"method\":\"ping\"}"},
                {"id object", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"},
                {"id array", "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}"},
                {"id boolean", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}"},
                {"id fraction", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}"},
                {"id null on a request", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}"},
                {"method number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"},
                {"method empty", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}"},
                {"method null", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}"},
                {"method object", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":{}}"},
                {"params array", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}"},
                {"params string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}"},
                {"params number", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":1}"},
                {"params boolean", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":true}"},
                {"result and error", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}"},
                {"neither method nor result", "{\"jsonrpc\":\"2.0\",\"id\":1}"},
                {"error without code", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\"}}"},
                {"error code string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"1\",\"message\":\"x\"}}"},
                {"error as string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"boom\"}"},
                {"error code past 32 bits (found by fuzzing)", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":"
                        + "-52011111111111111111111,\"message\":\"x\"}}"},
                {"error code fraction", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1.5,\"message\":\"x\"}}"},
                {"result without id", "{\"jsonrpc\":\"2.0\",\"result\":{}}"},
        };
        for (String[] c : invalid) {
            cases.add(of("invalid request: " + c[0], 400, INVALID, w -> w.client().post(c[1])));
        }
        cases.add(of("unknown method", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/explode\"}")));
        cases.add(of("method with a NUL", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\\u0000\"}")));
        cases.add(of("method in upper case", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"PING\"}")));
        cases.add(of("method with trailing space", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping \"}")));
        cases.add(of("very long method", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "m".repeat(100_000) + "\"}")));
        cases.add(of("huge integer id", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":123456789012345678901234567890,\"method\":\"ping\"}")));
        cases.add(of("negative id", 200, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":-1,\"method\":\"ping\"}")));
        cases.add(of("empty string id", 200, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":\"\",\"method\":\"ping\"}")));
        cases.add(of("unknown top-level member", 200, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":{\"a\":[1]}}")));
        cases.add(of("params null", 200, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":null}")));
        cases.add(of("notification of an unknown method", 202, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}")));
        cases.add(of("response to nothing", 202, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":\"nobody\",\"result\":{}}")));
        cases.add(of("error response to nothing", 202, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-1,\"message\":\"x\"}}")));
        cases.add(of("error response with null id", 202, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-1,\"message\":\"x\"}}")));
        return cases.stream();
    }

    /** Well-formed JSON-RPC that breaks MCP's rules. */
    static Stream<HostileCase> mcp() {
        List<HostileCase> cases = new ArrayList<>();
        String[][] params = {
                {"tools/call without params", "tools/call", null},
                {"tools/call without name", "tools/call", "{}"},
                {"tools/call name number", "tools/call", "{\"name\":1}"},
                {"tools/call name null", "tools/call", "{\"name\":null}"},
                {"tools/call unknown server", "tools/call", "{\"name\":\"nope__x\"}"},
                {"tools/call unknown tool", "tools/call", "{\"name\":\"gatehouse__nope\"}"},
                {"tools/call no separator", "tools/call", "{\"name\":\"list_servers\"}"},
                {"tools/call empty name", "tools/call", "{\"name\":\"\"}"},
                {"tools/call separator only", "tools/call", "{\"name\":\"__\"}"},
                {"tools/call trailing separator", "tools/call", "{\"name\":\"gatehouse__\"}"},
                {"prompts/get without name", "prompts/get", "{}"},
                {"resources/read without uri", "resources/read", "{}"},
                {"resources/read uri number", "resources/read", "{\"uri\":5}"},
                {"resources/subscribe without uri", "resources/subscribe", "{}"},
                {"resources/unsubscribe uri array", "resources/unsubscribe", "{\"uri\":[]}"},
                {"completion without ref", "completion/complete", "{}"},
                {"completion ref string", "completion/complete", "{\"ref\":\"x\"}"},
                {"completion unknown ref type", "completion/complete", "{\"ref\":{\"type\":\"ref/x\"}}"},
                {"tools/list foreign cursor", "tools/list", "{\"cursor\":\"not-ours\"}"},
                {"tools/list cursor number", "tools/list", "{\"cursor\":5}"},
                {"prompts/list forged cursor", "prompts/list", "{\"cursor\":\"eyJ4IjoxfQ\"}"},
        };
        String[][] unsupported = {
                {"prompts/get unknown", "prompts/get", "{\"name\":\"gatehouse__nope\"}"},
                {"completion unknown prompt", "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"gatehouse__nope\"}}"},
        };
        for (String[] c : unsupported) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + c[1] + "\",\"params\":" + c[2] + "}";
            // The built-in server has no prompts; it answers for itself.
            cases.add(of("server without prompts: " + c[0], 200, NO_METHOD, w -> w.client().post(body)));
        }
        for (String[] c : params) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + c[1] + "\""
                    + (c[2] == null ? "" : ",\"params\":" + c[2]) + "}";
            cases.add(of("invalid params: " + c[0], 200, PARAMS, w -> w.client().post(body)));
        }
        cases.add(of("resources/read of an unknown uri", 200, -32002, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///etc/passwd\"}}")));
        cases.add(of("initialize on a live session opens another session", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}")));
        cases.add(of("tool arguments that break the schema", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"gatehouse__list_servers\","
                        + "\"arguments\":[1,2]}}")));
        cases.add(of("cancel of an unknown request", 202, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":{\"x\":1}}}")));
        cases.add(of("cancel without params", 202, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}")));
        cases.add(of("roots changed", 202, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}")));
        cases.add(of("progress from a client", 202, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1}}")));
        cases.add(of("ping with params", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"_meta\":{\"x\":1}}}")));
        cases.add(of("progress token of another type", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"progressToken\":{\"a\":1}}}}")));
        cases.add(of("unsupported protocol version header", 400, INVALID, w -> w.client().post(PING,
                "MCP-Protocol-Version: 1999-01-01")));
        cases.add(of("two protocol version headers", 400, INVALID, w -> w.http().postJson("/mcp", PING, List.of(
                "Mcp-Session-Id: " + w.client().sessionId(), "MCP-Protocol-Version: 2025-11-25",
                "MCP-Protocol-Version: 2025-06-18"))));
        cases.add(of("protocol version with garbage", 400, INVALID, w -> w.client().post(PING,
                "MCP-Protocol-Version: 2025-11-25; x")));
        return cases.stream();
    }

    /** Session ids and the Accept / Content-Type negotiation. */
    static Stream<HostileCase> sessions() {
        List<HostileCase> cases = new ArrayList<>();
        for (String id : List.of("00000000000000000000000000000000", "not-hex", "x".repeat(4000), "%00",
                "../../etc/passwd", "' OR 1=1 --")) {
            cases.add(of("unknown session id '" + (id.length() > 20 ? id.substring(0, 20) + "…" : id) + "'", 404,
                    INVALID, w -> w.http().postJson("/mcp", PING, List.of("Mcp-Session-Id: " + id))));
        }
        cases.add(of("session id in upper case", 404, INVALID, w -> w.http().postJson("/mcp", PING,
                List.of("Mcp-Session-Id: " + w.client().sessionId().toUpperCase(java.util.Locale.ROOT)))));
        cases.add(of("session id with a trailing space is the same id", 200, null,
                w -> w.http().postJson("/mcp", PING, List.of("Mcp-Session-Id: " + w.client().sessionId() + " "))));
        cases.add(of("no session id", 400, INVALID, w -> w.http().postJson("/mcp", PING, List.of())));
        cases.add(of("empty session id", 404, INVALID,
                w -> w.http().postJson("/mcp", PING, List.of("Mcp-Session-Id: "))));
        cases.add(of("two session ids", 400, INVALID, w -> w.http().postJson("/mcp", PING, List.of(
                "Mcp-Session-Id: " + w.client().sessionId(), "Mcp-Session-Id: " + w.client().sessionId()))));
        cases.add(of("session id header in lower case", 200, null,
                w -> w.http().postJson("/mcp", PING, List.of("mcp-session-id: " + w.client().sessionId()))));
        cases.add(of("session of /mcp used on a single-server endpoint", 404, INVALID, w -> w.http().postJson(
                "/s/gatehouse/mcp", PING, List.of("Mcp-Session-Id: " + w.client().sessionId()))));
        cases.add(of("GET stream without a session", 400, INVALID, w -> w.http().send("GET", "/mcp",
                List.of("Host: localhost", "Accept: text/event-stream"), null)));
        cases.add(of("GET stream with an unknown session", 404, INVALID, w -> w.http().send("GET", "/mcp",
                List.of("Host: localhost", "Accept: text/event-stream", "Mcp-Session-Id: 0"), null)));
        cases.add(of("GET stream asking for JSON", 406, INVALID, w -> w.http().send("GET", "/mcp",
                List.of("Host: localhost", "Accept: application/json", "Mcp-Session-Id: "
                        + w.client().sessionId()), null)));
        cases.add(of("DELETE of an unknown session", 404, INVALID, w -> w.http().send("DELETE", "/mcp",
                List.of("Host: localhost", "Mcp-Session-Id: 0"), null)));
        cases.add(of("DELETE without a session", 400, INVALID,
                w -> w.http().send("DELETE", "/mcp", List.of("Host: localhost"), null)));
        for (String accept : List.of("text/html", "application/json", "text/event-stream", "application/*",
                "", "application/json;q=0")) {
            cases.add(of("POST with Accept '" + accept + "'", 406, INVALID, w -> w.http().send("POST", "/mcp",
                    List.of("Host: localhost", "Content-Type: application/json", "Accept: " + accept,
                            "Mcp-Session-Id: " + w.client().sessionId()), bytes(PING))));
        }
        cases.add(of("POST with Accept */*", 200, null, w -> w.http().send("POST", "/mcp", List.of(
                "Host: localhost", "Content-Type: application/json", "Accept: */*", "Mcp-Session-Id: "
                        + w.client().sessionId()), bytes(PING))));
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/json, text/plain", "application/jsonx", "", "application/json-seq")) {
            cases.add(of("POST with Content-Type '" + type + "'", 415, INVALID, w -> w.http().send("POST", "/mcp",
                    List.of("Host: localhost", "Content-Type: " + type, "Accept: application/json, "
                            + "text/event-stream", "Mcp-Session-Id: " + w.client().sessionId()), bytes(PING))));
        }
        cases.add(of("POST without Content-Type", 415, INVALID, w -> w.http().send("POST", "/mcp", List.of(
                "Host: localhost", "Accept: application/json, text/event-stream", "Mcp-Session-Id: "
                        + w.client().sessionId()), bytes(PING))));
        cases.add(of("Content-Type with charset", 200, null, w -> w.http().send("POST", "/mcp", List.of(
                "Host: localhost", "Content-Type: application/json; charset=utf-8", "Accept: application/json, "
                        + "text/event-stream", "Mcp-Session-Id: " + w.client().sessionId()), bytes(PING))));
        cases.add(of("Content-Type in upper case", 200, null, w -> w.http().send("POST", "/mcp", List.of(
                "Host: localhost", "Content-Type: APPLICATION/JSON", "Accept: application/json, "
                        + "text/event-stream", "Mcp-Session-Id: " + w.client().sessionId()), bytes(PING))));
        return cases.stream();
    }

    /** Bytes that are not UTF-8, or UTF-8 that is not what it seems. */
    static Stream<HostileCase> encodings() {
        List<HostileCase> cases = new ArrayList<>();
        byte[][] broken = {
                {(byte) 0xC3, 0x28},
                {(byte) 0xA0, (byte) 0xA1},
                {(byte) 0xE2, 0x28, (byte) 0xA1},
                {(byte) 0xF0, 0x28, (byte) 0x8C, (byte) 0xBC},
                {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xFF},
                {(byte) 0xFE, (byte) 0xFF},
        };
        for (byte[] bad : broken) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bad) {
                hex.append(String.format("%02X", b));
            }
            cases.add(of("invalid UTF-8 " + hex + " in a string", 400, PARSE, w -> raw(w, join(bytes(sessionHead(w,
                    "Content-Length: " + (PING.length() + bad.length))), bytes(PING.substring(0, 34)), bad,
                    bytes(PING.substring(34))))));
        }
        cases.add(of("UTF-8 byte order mark", 200, null, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + (PING.length() + 3))), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes(PING)))));
        cases.add(of("UTF-16 body", 400, PARSE, w -> raw(w, join(bytes(sessionHead(w, "Content-Length: "
                + (2 + PING.length() * 2))), new byte[] {(byte) 0xFF, (byte) 0xFE},
                PING.getBytes(StandardCharsets.UTF_16LE)))));
        cases.add(of("NUL bytes before the body", 400, PARSE, w -> raw(w, join(bytes(sessionHead(w,
                "Content-Length: " + (PING.length() + 2))), new byte[] {0, 0}, bytes(PING)))));
        cases.add(of("escaped lone surrogate in a method", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\\ud800\"}")));
        cases.add(of("escaped NUL in params", 200, null, w -> w.client().post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"a\\u0000b\"}}")));
        cases.add(of("right-to-left override in a method", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"gnip\u202E\"}")));
        cases.add(of("full-width characters in a method", 200, NO_METHOD,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ｐｉｎｇ\"}")));
        cases.add(of("escaped method name that reads as ping", 200, null,
                w -> w.client().post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\\u0070ing\"}")));
        cases.add(of("Latin-1 bytes in a header value", 200, null,
                w -> w.client().post(PING, "X-Note: caf\u00e9")));
        return cases.stream();
    }
}
