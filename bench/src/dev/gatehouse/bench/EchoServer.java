package dev.gatehouse.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A minimal MCP server over stdio with one tool, {@code echo}: {@code {"size": N}} returns a text content of N
 * bytes, {@code {"text": "..."}} returns the text. It is the upstream the benchmark measures, directly and
 * behind the gateway, so it does as little as possible: one thread, one line per message, a flush per answer.
 */
public final class EchoServer {

    static final String LATEST_VERSION = "2025-11-25";
    private static final Set<String> KNOWN_VERSIONS = Set.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    static final int MAX_SIZE = 16 * 1024 * 1024;

    private static final String TOOLS = """
            {"tools":[{"name":"echo","description":"Returns a text of `size` bytes, or echoes `text`.",\
            "inputSchema":{"type":"object","properties":{"size":{"type":"integer","minimum":0,"maximum":%d},\
            "text":{"type":"string"}},"additionalProperties":false}}]}""".formatted(MAX_SIZE);

    private final Writer out;
    private int cachedSize = -1;
    private String cachedResult;

    EchoServer(Writer out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        var out = new BufferedWriter(
                new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                1 << 16);
        var server = new EchoServer(out);
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                server.handle(line);
            }
        }
    }

    void handle(String line) throws IOException {
        String id;
        String method;
        String params;
        try {
            id = JsonText.member(line, "id");
            method = JsonText.unquote(JsonText.member(line, "method"));
            params = JsonText.member(line, "params");
        } catch (IllegalArgumentException e) {
            send("null", null, error(-32700, "parse error: " + e.getMessage()));
            return;
        }
        if (id == null || method == null) {
            return; // a notification, or a response to a request we never send
        }
        switch (method) {
            case "initialize" -> send(id, initializeResult(params), null);
            case "ping" -> send(id, "{}", null);
            case "tools/list" -> send(id, TOOLS, null);
            case "tools/call" -> callTool(id, params);
            default -> send(id, null, error(-32601, "method not found: " + method));
        }
    }

    private String initializeResult(String params) {
        String requested = JsonText.unquote(JsonText.member(params, "protocolVersion"));
        String version = requested != null && KNOWN_VERSIONS.contains(requested) ? requested : LATEST_VERSION;
        return "{\"protocolVersion\":" + JsonText.quote(version)
                + ",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"gatehouse-bench-echo\",\"version\":\"1\"}}";
    }

    private void callTool(String id, String params) throws IOException {
        String name = JsonText.unquote(JsonText.member(params, "name"));
        if (!"echo".equals(name)) {
            send(id, null, error(-32602, "unknown tool: " + name));
            return;
        }
        String arguments = JsonText.member(params, "arguments");
        String text = JsonText.unquote(JsonText.member(arguments, "text"));
        if (text == null) {
            String size = JsonText.member(arguments, "size");
            int n;
            try {
                n = size == null ? -1 : Integer.parseInt(size);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n > MAX_SIZE) {
                send(id, null, error(-32602, "echo needs {\"text\": string} or {\"size\": 0.." + MAX_SIZE + "}"));
                return;
            }
            send(id, sizedResult(n), null);
            return;
        }
        send(id, textResult(text), null);
    }

    private static String textResult(String text) {
        return "{\"content\":[{\"type\":\"text\",\"text\":" + JsonText.quote(text) + "}]}";
    }

    /**
     * The benchmark asks for the same size over and over, so the last encoded result is kept: the upstream's
     * own cost per call should be as small as possible next to the transport being measured.
     */
    private String sizedResult(int size) {
        if (size != cachedSize) {
            cachedResult = textResult("x".repeat(size));
            cachedSize = size;
        }
        return cachedResult;
    }

    private static String error(int code, String message) {
        return "{\"code\":" + code + ",\"message\":" + JsonText.quote(message) + "}";
    }

    private void send(String id, String result, String error) throws IOException {
        out.write("{\"jsonrpc\":\"2.0\",\"id\":");
        out.write(id);
        out.write(result != null ? ",\"result\":" : ",\"error\":");
        out.write(result != null ? result : error);
        out.write("}\n");
        out.flush();
    }
}
