package dev.gatehouse.proxy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Holds an exchange's capture record until the HTTP plane has set the reply that carries its answer, so that the
 * record holds the reply's status and headers. It is still offered before the answer is written: an answer a
 * client holds was always offered to the capture first. When the plane lets go of the exchange without
 * replying (the client went away), the record is offered without them. A reply sent before the answer came (the
 * HTTP+SSE transport accepts a message with 202 and sends its answer on the session's stream) is kept until then.
 *
 * <p>The answer comes on the request path and the reply on the plane's thread, in either order with respect to
 * {@link #released}; a lock on this small object orders them, and the record is offered exactly once.
 */
public final class ReplyCapture {

    /** The reply as sent: its HTTP status and the headers the gateway set, or nulls when none was sent. */
    record Reply(Integer status, List<Map.Entry<String, String>> headers) {

        static final Reply NONE = new Reply(null, null);
    }

    private Consumer<Reply> record;
    private Reply reply;
    private boolean released;
    private boolean offered;

    /** The plane is about to write the answer in a reply with {@code status} and {@code headers}. */
    public void replying(int status, List<Map.Entry<String, String>> headers) {
        synchronized (this) {
            if (reply == null && !released) {
                reply = new Reply(status, headers);
            }
        }
        offer();
    }

    /** The plane is done with the exchange, whether it replied or not. */
    public void released() {
        synchronized (this) {
            released = true;
        }
        offer();
    }

    /** The answer is in: {@code offer} runs when the plane replies, or at once if it has replied or let go. */
    void answered(Consumer<Reply> offer) {
        synchronized (this) {
            record = offer;
        }
        offer();
    }

    /** Offers the record once the answer is in and the plane has either replied or let go. */
    private void offer() {
        Consumer<Reply> ready;
        Reply sent;
        synchronized (this) {
            if (record == null || offered || (reply == null && !released)) {
                return;
            }
            offered = true;
            ready = record;
            sent = reply == null ? Reply.NONE : reply;
        }
        ready.accept(sent);
    }
}
