package dev.gatehouse.bench;

import java.io.IOException;

/** The legacy MCP handshake both clients perform: {@code initialize}, then {@code notifications/initialized}. */
final class Handshake {

    static final String INITIALIZED =
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private Handshake() {
    }

    static String initializeRequest(long id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + JsonText.quote(EchoServer.LATEST_VERSION)
                + ",\"capabilities\":{},\"clientInfo\":{\"name\":\"gatehouse-bench\",\"version\":\"1\"}}}";
    }

    /** Returns the protocol version the server chose, failing on an error answer. */
    static String negotiatedVersion(String response, long id) throws IOException {
        try {
            String error = JsonText.member(response, "error");
            if (error != null) {
                throw new IOException("initialize failed: " + ToolCall.abbreviate(error));
            }
            String version = JsonText.unquote(JsonText.member(JsonText.member(response, "result"), "protocolVersion"));
            if (version == null || !Long.toString(id).equals(JsonText.member(response, "id"))) {
                throw new IOException("initialize answer lacks result.protocolVersion or has the wrong id: "
                        + ToolCall.abbreviate(response));
            }
            return version;
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed initialize answer: " + e.getMessage(), e);
        }
    }
}
