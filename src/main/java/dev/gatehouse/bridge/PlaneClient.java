package dev.gatehouse.bridge;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streamable HTTP to the gateway's MCP endpoint for one client. In the legacy era it holds the session the
 * client's {@code initialize} opened and the negotiated protocol version, and sends both with every later
 * message; modern requests travel without a session, with the headers their era requires.
 */
final class PlaneClient {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String ACCEPT_BOTH = "application/json, text/event-stream";

    /** A legacy session: its id and the protocol version its {@code initialize} negotiated. */
    record Session(String id, String protocolVersion) {
    }

    private final PlaneRoute route;
    private volatile Session session;

    PlaneClient(PlaneRoute route) {
        this.route = route;
    }

    /** The current legacy session, or null before {@code initialize} (and always in the modern era). */
    Session session() {
        return session;
    }

    void session(Session opened) {
        session = opened;
    }

    /** POSTs one legacy-era message: in the current session if there is one. */
    HttpAnswer post(byte[] message) throws IOException {
        return post(message, connection -> { });
    }

    /** As {@link #post(byte[])}; {@code opened} gets the connection, to abort the exchange by closing it. */
    HttpAnswer post(byte[] message, Consumer<Closeable> opened) throws IOException {
        return send("POST", withSession(postHeaders()), message, opened);
    }

    /** POSTs one modern-era request with its era's headers and no session; closing the connection cancels it. */
    HttpAnswer postModern(byte[] message, Map<String, String> eraHeaders, Consumer<Closeable> opened)
            throws IOException {
        Map<String, String> headers = postHeaders();
        headers.putAll(eraHeaders);
        return send("POST", headers, message, opened);
    }

    /** Opens the session's GET stream, resuming after {@code lastEventId} when it is not null. */
    HttpAnswer openStream(Session of, String lastEventId) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "text/event-stream");
        sessionHeaders(headers, of);
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return send("GET", headers, null, connection -> { });
    }

    /** Ends {@code ended} on the gateway; its answer does not matter, the client has gone. */
    void delete(Session ended) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        sessionHeaders(headers, ended);
        send("DELETE", headers, null, connection -> { }).close();
    }

    private static Map<String, String> postHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT_BOTH);
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private Map<String, String> withSession(Map<String, String> headers) {
        Session current = session;
        if (current != null) {
            sessionHeaders(headers, current);
        }
        return headers;
    }

    private static void sessionHeaders(Map<String, String> headers, Session of) {
        headers.put(SESSION_HEADER, of.id());
        if (of.protocolVersion() != null) {
            headers.put(VERSION_HEADER, of.protocolVersion());
        }
    }

    /**
     * Sends one exchange to the plane. A refused connection means nothing was sent, so the exchange is sent once
     * more where the gateway is now (see {@link PlaneRoute}); a legacy session then meets the 404 of a gateway that
     * does not know it, which {@link LegacySession} answers by opening it again.
     */
    private HttpAnswer send(String method, Map<String, String> headers, byte[] body, Consumer<Closeable> opened)
            throws IOException {
        PlaneAddress plane = route.current();
        try {
            return sendTo(plane, method, headers, body, opened);
        } catch (ConnectException refused) {
            return sendTo(route.relocate(plane, refused), method, headers, body, opened);
        }
    }

    private static HttpAnswer sendTo(PlaneAddress plane, String method, Map<String, String> headers, byte[] body,
                                     Consumer<Closeable> opened) throws IOException {
        String token = plane.token().get();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return LoopbackHttp.exchange(plane.address(), plane.host(),
                new LoopbackHttp.Request(method, plane.path(), headers, body), opened);
    }
}
