package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merging list pages across servers: names prefixed, per-server cursors wrapped and unwrapped, a failing server
 * left out. The upstreams are in-memory fakes that page through fixed tool lists or fail on demand.
 */
class ListFanOutTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ListFanOut fanOut = new ListFanOut(JSON, Executors.newVirtualThreadPerTaskExecutor());
    private final ResourceIndex index = new ResourceIndex(List.of("a", "b", "broken"));

    /** A server whose tools/list pages through {@code pages} (cursor = page index), or fails. */
    private record PagingUpstream(String name, List<List<String>> pages, boolean broken) implements Upstream {
        @Override
        public String transport() {
            return "fake";
        }

        @Override
        public UpstreamStatus status() {
            return new UpstreamStatus(UpstreamStatus.State.READY, null, 0, Instant.EPOCH);
        }

        @Override
        public ServerHandshake handshake() {
            ObjectNode capabilities = JSON.createObjectNode();
            capabilities.putObject("tools");
            return new ServerHandshake("2025-11-25", capabilities, JSON.createObjectNode(), null);
        }

        @Override
        public PendingCall call(Message.Request request, CallOptions options) {
            CompletableFuture<Message.Response> response = new CompletableFuture<>();
            if (broken) {
                response.completeExceptionally(new GatewayFailure.UpstreamExited(name, "exited with code 1"));
            } else {
                int page = request.params().has("cursor") ? Integer.parseInt(request.params().get("cursor").asString()) : 0;
                ObjectNode result = JSON.createObjectNode();
                pages.get(page).forEach(tool -> result.withArray("tools").addObject().put("name", tool));
                if (page + 1 < pages.size()) {
                    result.put("nextCursor", Integer.toString(page + 1));
                }
                response.complete(Message.Response.success(request.id(), result));
            }
            return PendingCall.of(response);
        }

        @Override
        public void notify(Message.Notification notification) {
        }

        @Override
        public void reply(Message.Response response) {
        }

        @Override
        public void close() {
        }
    }

    private ObjectNode page(View view, String cursor) {
        ObjectNode params = JSON.createObjectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return fanOut.list(view, ListKind.TOOLS, params, index).join();
    }

    private static List<String> names(JsonNode result) {
        return result.path("tools").valueStream().map(t -> t.path("name").asString()).toList();
    }

    @Test
    void walksEveryServersPagesThroughOneWrappedCursor() {
        View view = View.aggregate(List.of(
                new PagingUpstream("a", List.of(List.of("x", "y"), List.of("z")), false),
                new PagingUpstream("b", List.of(List.of("x"), List.of("w"), List.of("v")), false)));
        ObjectNode first = page(view, null);
        assertThat(names(first)).containsExactly("a__x", "a__y", "b__x");
        ObjectNode second = page(view, first.get("nextCursor").asString());
        assertThat(names(second)).containsExactly("a__z", "b__w");
        ObjectNode third = page(view, second.get("nextCursor").asString());
        assertThat(names(third)).containsExactly("b__v");
        assertThat(third.has("nextCursor")).isFalse();
    }

    @Test
    void leavesAFailingServerOutInsteadOfFailingTheList() {
        View view = View.aggregate(List.of(new PagingUpstream("a", List.of(List.of("x")), false),
                new PagingUpstream("broken", List.of(List.of("never")), true)));
        assertThat(names(page(view, null))).containsExactly("a__x");
    }

    @Test
    void refusesACursorItDidNotIssueAsInvalidParams() {
        View view = View.aggregate(List.of(new PagingUpstream("a", List.of(List.of("x")), false)));
        for (String forged : List.of("not-base64!", "eyJ2IjoiZzAifQ", "")) {
            assertThatThrownBy(() -> page(view, forged))
                    .isInstanceOfAny(ProtocolException.class, CompletionException.class)
                    .satisfies(e -> assertThat(unwrap(e).error().code()).isEqualTo(-32602));
        }
    }

    private static ProtocolException unwrap(Throwable thrown) {
        Function<Throwable, Throwable> cause = t -> t instanceof CompletionException ? t.getCause() : t;
        return (ProtocolException) cause.apply(thrown);
    }
}
