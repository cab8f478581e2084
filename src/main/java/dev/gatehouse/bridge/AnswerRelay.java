package dev.gatehouse.bridge;

import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.upstream.http.SseEventReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes what the gateway answers to the client as lines: a JSON body as one message, an SSE stream as one
 * message per event (progress, log lines and server-to-client requests first, the response last). Messages pass
 * byte for byte unless they must change: an error the gateway could not tie to a request (a refused session,
 * say) gets the request's id, so the client can match it.
 */
final class AnswerRelay {

    static final int MAX_MESSAGE_BYTES = (int) Math.min(Integer.MAX_VALUE - 8, JsonLimits.DEFAULT.maxDocumentBytes());

    private final JsonRpcCodec codec;
    private final ClientLines client;

    AnswerRelay(JsonRpcCodec codec, ClientLines client) {
        this.codec = codec;
        this.client = client;
    }

    /**
     * Relays the answer to the client's request {@code id} (null for a notification or a response, whose answer
     * is normally an empty 202). Returns the response the client got, or null when the answer held none.
     */
    Message.Response relay(HttpAnswer answer, RequestId id) throws IOException {
        if (answer.isEventStream()) {
            return relayStream(answer, id);
        }
        return relayBody(answer, id, true);
    }

    /** The response in a JSON answer, read without telling the client: the bridge's own requests. */
    Message.Response read(HttpAnswer answer) throws IOException {
        return answer.isEventStream() ? null : relayBody(answer, null, false);
    }

    private Message.Response relayBody(HttpAnswer answer, RequestId id, boolean write) throws IOException {
        byte[] body = answer.readBody(MAX_MESSAGE_BYTES);
        if (body.length == 0) {
            return null;
        }
        Message message;
        try {
            message = codec.decode(body);
        } catch (ProtocolException e) {
            return null;
        }
        if (!(message instanceof Message.Response response)) {
            return null;
        }
        if (!write) {
            return response;
        }
        if (response.id() == null && id != null) {
            Message.Response tied = response.withId(id);
            client.write(codec.encode(tied));
            return tied;
        }
        client.write(oneLine(body, response));
        return response;
    }

    /** Relays every event of a stream until the response to {@code id} (or, with no id, until the stream ends). */
    Message.Response relayStream(HttpAnswer answer, RequestId id) throws IOException {
        SseEventReader events = new SseEventReader(answer.body(), MAX_MESSAGE_BYTES);
        return relayEvents(events, id, event -> { });
    }

    /**
     * Relays events from {@code events} until the response to {@code id} or the end of the stream; {@code seen}
     * is told of every event first (its id and retry are what a resumable stream needs).
     */
    Message.Response relayEvents(SseEventReader events, RequestId id, Consumer<SseEventReader.Event> seen)
            throws IOException {
        for (SseEventReader.Event event = events.next(); event != null; event = events.next()) {
            seen.accept(event);
            if (event.oversized() || event.data().isEmpty()) {
                continue;
            }
            byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
            Message message;
            try {
                message = codec.decode(data);
            } catch (ProtocolException e) {
                continue;
            }
            client.write(oneLine(data, message));
            if (id != null && message instanceof Message.Response response && id.equals(response.id())) {
                return response;
            }
        }
        return null;
    }

    /** Tells the client its request {@code id} failed without an answer from the gateway. */
    void fail(RequestId id, int code, String why) {
        client.write(codec.encode(Message.Response.failure(id, new RpcError(code, why))));
    }

    /** The message as one line: its own bytes when they hold no line break, else re-encoded compactly. */
    private byte[] oneLine(byte[] json, Message message) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return codec.encode(message);
            }
        }
        return json;
    }
}
