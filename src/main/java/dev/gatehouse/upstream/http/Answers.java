package dev.gatehouse.upstream.http;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.UnreadableAnswer;
import dev.gatehouse.upstream.PendingCalls;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a server answered to one POSTed request, in either era: a JSON body, an event stream carrying related
 * messages and then the answer, or an HTTP error that may carry a JSON-RPC error. Every way that is not an answer
 * (an accepted-but-unanswered request, a body that is not JSON-RPC, a stranger's response, an unknown content
 * type) fails the call with a reason: nothing turns into a silent success.
 */
final class Answers {

    /** How reading ended: with the answer delivered, or with the stream over and no answer yet. */
    enum Ending { ANSWERED, STREAM_ENDED }

    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /**
     * Reads {@code exchange} for {@code call}. {@code transform} is applied to the answer before delivery;
     * {@code serverRequests} says whether server-to-client requests are allowed on the stream (legacy) or
     * ignored (modern).
     */
    static Ending read(RemoteContext context, RemoteConnection via, PendingCalls.Call call, String method,
                       HttpExchange exchange, EventStream stream, UnaryOperator<Message.Response> transform,
                       boolean serverRequests) {
        int status = exchange.status();
        if (status < 200 || status >= 300) {
            deliverError(context, via, call, method, exchange, context.errorBody(exchange));
            return Ending.ANSWERED;
        }
        if (status == 202 || status == 204) {
            throw context.unavailable("it accepted " + method + " but never answered it (HTTP " + status + ")");
        }
        if (exchange.isJson()) {
            Message message = context.decodeBody(exchange);
            if (message instanceof Message.Response response && answers(response, call)) {
                stream.answeredHere();
                context.inbound().accept(transform.apply(response), via);
                return Ending.ANSWERED;
            }
            throw context.unavailable("it answered " + method + " with a JSON-RPC message that is not its response");
        }
        if (exchange.isEventStream()) {
            AtomicBoolean answered = new AtomicBoolean();
            boolean stopped = stream.pump(exchange, (type, data) -> {
                if (!"message".equals(type)) {
                    log.debug("Server {}: ignored an event of type '{}'", context.server(), type);
                    return;
                }
                Optional<Message> decoded = context.decodeEvent(data);
                if (decoded.isEmpty()) {
                    failIfItsAnswer(context, call, UnreadableAnswer.id(data.getBytes(StandardCharsets.UTF_8)),
                            "it answered " + method + " with an event that is not JSON-RPC", answered);
                }
                decoded.ifPresent(message -> {
                    if (message instanceof Message.Response response && answers(response, call)) {
                        answered.set(true);
                        stream.answeredHere();
                        context.inbound().accept(transform.apply(response), via);
                    } else if (message instanceof Message.Request request && !serverRequests) {
                        log.warn("Server {} sent a request ({}) on a modern response stream, which the era"
                                + " forbids; ignored", context.server(), request.method());
                    } else {
                        context.inbound().accept(message, via);
                    }
                });
            }, oversized -> failIfItsAnswer(context, call, oversized.head() == null ? OptionalLong.empty()
                    : UnreadableAnswer.id(oversized.head(), oversized.tail()), "it answered " + method
                    + " with an event over the " + context.options().maxMessageBytes() + "-byte limit", answered),
                    () -> answered.get() || call.response().isDone());
            return stopped ? Ending.ANSWERED : Ending.STREAM_ENDED;
        }
        exchange.abort();
        throw context.unavailable("it answered " + method + " with content type '"
                + (exchange.mediaType().isEmpty() ? "none" : exchange.mediaType())
                + "', neither JSON nor an event stream");
    }

    /**
     * Delivers the JSON-RPC error an HTTP error answer carried as the call's answer, when it is addressed to the call
     * (or to no id, as errors about a request often are); otherwise fails with the HTTP status.
     */
    static void deliverError(RemoteContext context, RemoteConnection via, PendingCalls.Call call, String method,
                             HttpExchange exchange, Optional<Message.Response> error) {
        if (error.isPresent() && (error.get().id() == null || answers(error.get(), call))) {
            context.inbound().accept(error.get().withId(RequestId.of(call.id())), via);
            return;
        }
        throw context.unexpected(exchange, method);
    }

    /** Fails {@code call} at once when an event that cannot be read was recognisably its answer ({@code id}). */
    private static void failIfItsAnswer(RemoteContext context, PendingCalls.Call call, OptionalLong id, String reason,
                                        AtomicBoolean answered) {
        if (id.isPresent() && id.getAsLong() == call.id()) {
            answered.set(true);
            call.abandon(context.unavailable(reason));
        }
    }

    private static boolean answers(Message.Response response, PendingCalls.Call call) {
        return response.id() != null && response.id().value().isIntegralNumber()
                && response.id().value().canConvertToLong() && response.id().value().longValue() == call.id();
    }
}
