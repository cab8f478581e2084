package dev.gatehouse.net;

/** A header whose name or value could split or smuggle a request. The message never repeats the value. */
public final class HeaderRejectedException extends IllegalArgumentException {

    public HeaderRejectedException(String message) {
        super(message);
    }
}
