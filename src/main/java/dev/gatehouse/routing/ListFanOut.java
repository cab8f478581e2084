package dev.gatehouse.routing;

import dev.gatehouse.CallOptions;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a list call on the aggregate endpoint: asks every server of the view in parallel, prefixes tool and
 * prompt names, records resource owners, and wraps the per-server cursors. A server that fails or lacks the
 * capability is left out with a logged warning; the list still succeeds with what the others returned.
 */
public final class ListFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(ListFanOut.class);

    private final JsonMapper mapper;
    private final CursorCodec cursors;
    private final Executor executor;

    public ListFanOut(JsonMapper mapper, Executor executor) {
        this.mapper = mapper;
        this.cursors = new CursorCodec(mapper);
        this.executor = executor;
    }

    private record Page(String server, JsonNode result) {
    }

    public CompletableFuture<ObjectNode> list(View view, ListKind kind, ObjectNode params, ResourceIndex index) {
        Map<String, String> startCursors = startCursors(view, params);
        List<CompletableFuture<Page>> pages = new ArrayList<>();
        for (Map.Entry<String, String> target : startCursors.entrySet()) {
            view.upstream(target.getKey()).ifPresent(upstream ->
                    pages.add(fetch(upstream, kind, params, target.getValue())));
        }
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> merge(view, kind, pages.stream().map(CompletableFuture::join).toList(), index));
    }

    /** The servers to ask and the cursor each gets (null for a first page). */
    private Map<String, String> startCursors(View view, ObjectNode params) {
        JsonNode cursor = params == null ? null : params.get("cursor");
        Map<String, String> targets = new LinkedHashMap<>();
        if (cursor == null || cursor.isNull()) {
            view.serverNames().forEach(name -> targets.put(name, null));
            return targets;
        }
        // A non-string cursor cannot be one this gateway issued; unwrap("") rejects it as -32602.
        return cursors.unwrap(cursor.isString() ? cursor.stringValue() : "");
    }

    private CompletableFuture<Page> fetch(Upstream upstream, ListKind kind, ObjectNode params, String cursor) {
        return CompletableFuture.supplyAsync(() -> {
            ServerHandshake handshake = upstream.handshake();
            if (!handshake.hasCapability(kind.capability())) {
                return null;
            }
            ObjectNode forwarded = params == null ? mapper.createObjectNode() : params.deepCopy();
            forwarded.remove("cursor");
            if (cursor != null) {
                forwarded.put("cursor", cursor);
            }
            Message.Request request = new Message.Request(RequestId.of(0), kind.method(), forwarded);
            return upstream.call(request, CallOptions.DEFAULT).response().join();
        }, executor).handle((response, failure) -> {
            if (failure != null) {
                LOG.warn("{} from '{}' failed, listing the other servers without it: {}",
                        kind.method(), upstream.name(), rootMessage(failure));
                return new Page(upstream.name(), null);
            }
            if (response == null) {
                return new Page(upstream.name(), null);
            }
            if (response.isError()) {
                LOG.warn("{} from '{}' answered an error, listing the other servers without it: {}",
                        kind.method(), upstream.name(), response.error().message());
                return new Page(upstream.name(), null);
            }
            return new Page(upstream.name(), response.result());
        });
    }

    private ObjectNode merge(View view, ListKind kind, List<Page> pages, ResourceIndex index) {
        ObjectNode result = mapper.createObjectNode();
        ArrayNode items = result.putArray(kind.resultKey());
        Map<String, String> next = new LinkedHashMap<>();
        for (Page page : pages) {
            if (page.result == null) {
                continue;
            }
            for (JsonNode item : page.result.path(kind.resultKey())) {
                if (item instanceof ObjectNode object) {
                    items.add(present(view, kind, page.server, object, index));
                }
            }
            JsonNode cursor = page.result.get("nextCursor");
            if (cursor != null && cursor.isString()) {
                next.put(page.server, cursor.stringValue());
            }
        }
        String wrapped = cursors.wrap(next);
        if (wrapped != null) {
            result.put("nextCursor", wrapped);
        }
        return result;
    }

    private static ObjectNode present(View view, ListKind kind, String server, ObjectNode item, ResourceIndex index) {
        switch (kind) {
            case TOOLS, PROMPTS -> item.put("name", view.namespace().qualify(server, item.path("name").asString()));
            case RESOURCES -> index.recordResource(server, item.path("uri").asString());
            case RESOURCE_TEMPLATES -> index.recordTemplate(server, item.path("uriTemplate").asString());
            case TASKS -> item.put("taskId", view.namespace().qualify(server, item.path("taskId").asString()));
        }
        return item;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
