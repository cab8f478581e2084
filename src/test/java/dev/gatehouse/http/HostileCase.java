package dev.gatehouse.http;

import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;

/**
 * One hostile request and exactly what it must get: an HTTP status and, when the answer is a JSON-RPC error, its
 * code ({@code code == null} means a successful JSON-RPC result or no body at all).
 */
record HostileCase(String name, Sender sender, int status, Integer code) {

    /** What a case can use: a raw connection, a session client, and the gateway's port. */
    record Wire(RawHttp http, McpSessionClient client, int port) {
    }

    @FunctionalInterface
    interface Sender {
        RawHttp.Reply send(Wire wire) throws IOException;
    }

    static HostileCase of(String name, int status, Integer code, Sender sender) {
        return new HostileCase(name, sender, status, code);
    }

    @Override
    public String toString() {
        return name;
    }
}
