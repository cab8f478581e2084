package dev.gatehouse.upstream.http;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.net.DestinationRefusedException;
import dev.gatehouse.net.HeaderRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request to a server whose answer is read as a stream, so an event stream is handed on event by event
 * and a body is never held beyond its bound. {@link #abort()} ends it from any thread and is idempotent; it is how a
 * call that completed some other way (timeout, cancel) stops its reader.
 */
final class HttpExchange implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);

    private static final java.util.Set<Integer> REDIRECTS = java.util.Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECT_BODY_BYTES = 64 * 1024;
    private static final int MAX_TAIL_BYTES = 64 * 1024;
    private static final Duration FINISH_WAIT = Duration.ofSeconds(1);

    private final Request request;
    private final Response response;
    private final InputStream body;

    private HttpExchange(Request request, Response response, InputStream body) {
        this.request = request;
        this.response = response;
        this.body = body;
    }

    /**
     * Sends {@code request} and waits up to {@code headerWait} for the status and headers. Fails with
     * {@link GatewayFailure.UpstreamUnavailable} when the server cannot be reached or the request was aborted, and
     * {@link GatewayFailure.UpstreamTimeout} when no answer began in time.
     */
    static HttpExchange open(String server, String what, Request request, Duration headerWait) {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        long started = System.nanoTime();
        request.send(listener);
        try {
            Response response = listener.get(headerWait.toMillis(), TimeUnit.MILLISECONDS);
            log.debug("Server {}: {} {} for {} answered HTTP {} after {} ms", server, request.getMethod(),
                    request.getURI().getPath(), what, response.getStatus(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            HttpExchange exchange = new HttpExchange(request, response, listener.getInputStream());
            if (REDIRECTS.contains(response.getStatus()) && exchange.header("Location") != null) {
                throw exchange.unfollowed(server);
            }
            return exchange;
        } catch (TimeoutException e) {
            request.abort(e);
            throw new GatewayFailure.UpstreamTimeout(server, what, headerWait.toMillis());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            log.debug("Server {}: {} failed", server, what, cause);
            throw new GatewayFailure.UpstreamUnavailable(server, cause instanceof InterruptedIOException
                    ? "the request was abandoned" : "could not reach it (" + describe(cause) + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new GatewayFailure.UpstreamUnavailable(server, "interrupted while waiting for it", e);
        }
    }

    /**
     * Why a redirect reached the caller: the client follows them, so one that arrives is one it refused or could not
     * follow, and its failure ends the body the client hands on.
     */
    private GatewayFailure.UpstreamUnavailable unfollowed(String server) {
        try {
            readBody(MAX_REDIRECT_BODY_BYTES);
            abort();
            return new GatewayFailure.UpstreamUnavailable(server, "it redirected to a URL that was not followed"
                    + " (HTTP " + status() + ")", null);
        } catch (IOException e) {
            abort();
            return new GatewayFailure.UpstreamUnavailable(server, "its redirect was not followed ("
                    + describe(e) + ")", null);
        }
    }

    /**
     * A safe one-phrase description of a transport failure: its type, never its (possibly revealing) message, except
     * for the outbound policy's refusals, whose messages are written to be shown (a host, an address, a rule).
     */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DestinationRefusedException || cause instanceof HeaderRejectedException) {
                return cause.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    int status() {
        return response.getStatus();
    }

    /** The media type without parameters, lower case; empty when the server sent none. */
    String mediaType() {
        String value = response.getHeaders().get("Content-Type");
        if (value == null) {
            return "";
        }
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    boolean isJson() {
        return mediaType().equals("application/json");
    }

    boolean isEventStream() {
        return mediaType().equals("text/event-stream");
    }

    /** The value of a response header, or null. */
    String header(String name) {
        return response.getHeaders().get(name);
    }

    InputStream body() {
        return body;
    }

    /** The whole body, or null when it is longer than {@code maxBytes} (the rest is not read). */
    byte[] readBody(int maxBytes) throws IOException {
        byte[] bytes = body.readNBytes(maxBytes + 1);
        return bytes.length > maxBytes ? null : bytes;
    }

    /** Reads the body to its end (bounded), so the connection can be reused, and ignores it. */
    void discardBody(int maxBytes) {
        try {
            if (body.readNBytes(maxBytes + 1).length > maxBytes) {
                abort();
            }
        } catch (IOException e) {
            abort();
        }
    }

    /**
     * Reads what is left of the body, the end of a stream whose answer has been read, so that the connection can
     * carry another request: a server ends the stream right after the answer. One that sends more than
     * {@value #MAX_TAIL_BYTES} bytes, or has not ended it within {@link #FINISH_WAIT}, has the exchange aborted.
     */
    void finish(ScheduledExecutorService scheduler) {
        Runnable giveUp = this::abort;
        ScheduledFuture<?> limit = scheduler.schedule(giveUp, FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            byte[] scratch = new byte[4096];
            long read = 0;
            for (int n = body.read(scratch); n >= 0; n = body.read(scratch)) {
                read += n;
                if (read > MAX_TAIL_BYTES) {
                    abort();
                    return;
                }
            }
        } catch (IOException e) {
            abort();
        } finally {
            limit.cancel(false);
        }
    }

    void abort() {
        abort(request);
    }

    /**
     * Ends a request from any thread. The cause is an {@link IOException} because the reader of the body sees it
     * thrown as is, and readers expect I/O failures from a stream, not cancellations.
     */
    static void abort(Request request) {
        request.abort(new Abandoned());
    }

    /**
     * Why an exchange was ended. Without a stack trace: exchanges are ended routinely (a call that timed out or was
     * cancelled, every long-lived stream at its close), the cause is never logged with its trace, and filling one in
     * walks the whole stack each time.
     */
    private static final class Abandoned extends InterruptedIOException {
        Abandoned() {
            super("the exchange is no longer needed");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    @Override
    public void close() {
        abort();
    }
}
