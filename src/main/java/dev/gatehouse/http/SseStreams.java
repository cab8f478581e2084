package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.proxy.ReplyCapture;
import dev.gatehouse.session.EventLog;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Response;

/**
 * Writes the SSE streams of legacy sessions so a client that loses the connection can resume with
 * {@code Last-Event-ID}: a request's stream (related messages, then the response) is read by position from its
 * {@link ExchangeChannel}, which the session keeps; the GET stream's events are logged in the session's
 * {@link EventLog} before they are written. For clients of 2025-11-25 and later every stream opens with a priming
 * event (an id and empty data); older clients get ids on message events only.
 */
final class SseStreams {

    /** How long a stream may stay silent before a keep-alive comment is sent. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final JsonRpcCodec codec;
    private final HttpReplies replies;

    SseStreams(JsonRpcCodec codec, HttpReplies replies) {
        this.codec = codec;
        this.replies = replies;
    }

    /**
     * Answers a request: plain JSON when the response is the first message ready, otherwise an SSE stream as soon
     * as a related message or a keep-alive has to go out. {@code reply} (may be null) is told the reply's status
     * and headers just before the response is written.
     */
    void answer(Session session, ExchangeChannel channel, Response response, ReplyCapture reply)
            throws IOException, InterruptedException {
        List<Message> first = channel.after(0, KEEP_ALIVE);
        if (first.size() == 1 && first.getFirst() instanceof Message.Response answer) {
            replies.answer(response, answer, reply);
            return;
        }
        String stream = session.keepRequestStream(channel);
        SseWriter sse = open(response);
        prime(session, sse, stream);
        pump(stream, channel, 0, first, sse, reply == null ? null
                : () -> reply.replying(response.getStatus(), HttpReplies.fields(response.getHeaders())));
    }

    /**
     * Resumes a request's stream after {@code position}: what the client missed, then the rest as it comes. A
     * stream the session no longer keeps ends at once; the client's request is then lost, as after any restart.
     */
    void resumeRequestStream(Session session, EventLog.Position position, Response response)
            throws IOException, InterruptedException {
        SseWriter sse = open(response);
        ExchangeChannel channel = session.requestStream(position.stream());
        if (channel == null || position.seq() > Integer.MAX_VALUE) {
            sse.end();
            return;
        }
        int from = (int) position.seq();
        pump(position.stream(), channel, from, channel.after(from, KEEP_ALIVE), sse, null);
    }

    /**
     * The session's GET stream: unrelated messages until the session ends or the client goes away. When it
     * replaces a dropped GET stream ({@code resumeFrom} not null), what the client missed of that stream is
     * replayed first.
     */
    void serveGetStream(Session session, EventLog.Position resumeFrom, Response response)
            throws IOException, InterruptedException {
        SseWriter sse = open(response);
        if (resumeFrom != null) {
            for (EventLog.Event event : session.events().after(resumeFrom)) {
                sse.event(event.id(), event.json());
            }
        }
        String stream = session.events().newStream(EventLog.GET);
        prime(session, sse, stream);
        long seq = 0;
        while (!session.isEnded()) {
            Message message = session.outbound().poll(KEEP_ALIVE);
            if (message == null) {
                sse.comment("keep-alive");
            } else {
                EventLog.Event event = session.events().append(stream, ++seq, codec.encode(message));
                sse.event(event.id(), event.json());
            }
        }
        sse.end();
    }

    private static void prime(Session session, SseWriter sse, String stream) throws IOException {
        if (ProtocolVersions.expectsPrimingEvents(session.protocolVersion())) {
            sse.prime(stream + "-0");
        }
    }

    private static SseWriter open(Response response) {
        SseWriter.prepare(response);
        return new SseWriter(response);
    }

    /**
     * Writes a request's messages from position {@code from} until its response. Message {@code n} (0-based) has
     * event id {@code stream-(n+1)}, so any connection reading the same channel numbers events alike. A dropped
     * connection just ends this reader: the request runs on and a resuming GET reads the rest. {@code beforeResponse}
     * (may be null) runs just before the response is written.
     */
    private void pump(String stream, ExchangeChannel channel, int from, List<Message> batch, SseWriter sse,
                      Runnable beforeResponse) throws IOException, InterruptedException {
        int position = from;
        List<Message> next = batch;
        while (true) {
            if (next.isEmpty() && channel.isCompleted()) {
                // A resume from the response's own id: nothing is left to send.
                sse.end();
                return;
            }
            if (next.isEmpty()) {
                sse.comment("keep-alive");
            }
            for (Message message : next) {
                position++;
                if (message instanceof Message.Response && beforeResponse != null) {
                    beforeResponse.run();
                }
                sse.event(stream + "-" + position, codec.encode(message));
                if (message instanceof Message.Response) {
                    sse.end();
                    return;
                }
            }
            next = channel.after(position, KEEP_ALIVE);
        }
    }
}
