package dev.gatehouse.proxy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Holds an exchange's capture record until the HTTP plane has set the reply that carries its answer, so that the
 * record holds the reply's status and headers. It is still offered before the answer is written: an answer a
 * client holds was always offered to the capture first. When the plane lets go of the exchange without
 * replying (the client went away), the record is offered without them.
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
    private boolean released;
    private boolean offered;

    /** The plane is about to write the answer in a reply with {@code status} and {@code headers}. */
    public void replying(int status, List<Map.Entry<String, String>> headers) {
        offer(new Reply(status, headers));
    }

    /** The plane is done with the exchange, whether it replied or not. */
    public void released() {
        synchronized (this) {
            released = true;
        }
        offer(Reply.NONE);
    }

    /** The answer is in: {@code offer} runs when the plane replies, or at once if it has already let go. */
    void answered(Consumer<Reply> offer) {
        boolean now;
        synchronized (this) {
            record = offer;
            now = released;
        }
        if (now) {
            offer(Reply.NONE);
        }
    }

    private void offer(Reply reply) {
        Consumer<Reply> ready;
        synchronized (this) {
            if (record == null || offered) {
                return;
            }
            offered = true;
            ready = record;
        }
        ready.accept(reply);
    }
}
