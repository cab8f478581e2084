package dev.gatehouse.bridge;

import dev.gatehouse.protocol.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The legacy-era session a client opened through the bridge, and its GET stream. When the gateway stops knowing
 * the session (it answers 404 after a restart), the session is opened again with the client's own
 * {@code initialize} and {@code notifications/initialized}, so the client carries on without noticing; the
 * message that met the 404 is then sent once more. Session changes happen under this object's lock.
 */
final class LegacySession {

    private static final byte[] INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
            .getBytes(StandardCharsets.UTF_8);


    private final PlaneClient plane;
    private final AnswerRelay relay;
    /** At most three reopenings a minute: a gateway that keeps losing sessions is not chased for ever. */
    private final MinuteBudget reopens = new MinuteBudget(3);
    private byte[] initializeLine;
    private ServerStream stream;
    private boolean ended;

    LegacySession(PlaneClient plane, AnswerRelay relay) {
        this.plane = plane;
        this.relay = relay;
    }

    /** Before a client's {@code initialize}: forgets the current session and returns it (null if none). */
    synchronized PlaneClient.Session forget() {
        PlaneClient.Session previous = plane.session();
        plane.session(null);
        stopStream();
        return previous;
    }

    /** After the gateway answered a client's {@code initialize}: keeps the session it opened, if it did. */
    synchronized void opened(byte[] initialize, HttpAnswer answer, Message.Response response) {
        if (open(answer, response)) {
            initializeLine = initialize;
        }
    }

    /**
     * The gateway answered 404 to a message sent in {@code lost}: opens the session again, unless another thread
     * already has. Returns whether a session is open now, so that the message can be sent again.
     */
    synchronized boolean reopen(PlaneClient.Session lost) {
        PlaneClient.Session current = plane.session();
        if (current != lost) {
            return current != null;
        }
        if (ended || initializeLine == null || reopens.exhausted()) {
            return false;
        }
        reopens.spend();
        stopStream();
        plane.session(null);
        try (HttpAnswer answer = plane.post(initializeLine)) {
            if (!open(answer, relay.read(answer))) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try {
            plane.post(INITIALIZED).close();
        } catch (IOException e) {
            // The gateway went away again; the next message finds out.
        }
        return true;
    }

    /** The client has gone: no more reopening, the stream stops, and the session ends on the gateway. */
    void end() {
        PlaneClient.Session last;
        synchronized (this) {
            ended = true;
            stopStream();
            last = plane.session();
        }
        if (last != null) {
            endQuietly(last);
        }
    }

    /** Ends a session the client no longer uses; its answer does not matter. */
    void endQuietly(PlaneClient.Session session) {
        try {
            plane.delete(session);
        } catch (IOException e) {
            // The gateway has gone too, or ends the session on its idle timeout instead.
        }
    }

    private boolean open(HttpAnswer answer, Message.Response response) {
        String id = answer.headers().first(PlaneClient.SESSION_HEADER);
        if (response == null || response.isError() || id == null || !isVisibleAscii(id)) {
            return false;
        }
        JsonNode version = response.result().path("protocolVersion");
        PlaneClient.Session opened = new PlaneClient.Session(id,
                version.isString() && isVisibleAscii(version.stringValue()) ? version.stringValue() : null);
        plane.session(opened);
        stream = new ServerStream(plane, opened, relay, this::reopen).start();
        return true;
    }

    private void stopStream() {
        if (stream != null) {
            stream.stop();
            stream = null;
        }
    }

    static boolean isVisibleAscii(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
