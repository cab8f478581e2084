package dev.gatehouse.proxy;

import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolException;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.routing.Namespace;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tasks through the gateway, passed through within one era. A task id is namespaced the way tool names are: unchanged
 * on a single server's endpoint, {@code server__id} on the aggregate one, so two servers' ids cannot collide and a
 * task request reaches only the server its id names. The eras are not translated into each other: a legacy task
 * lives in its server's session and delivers its questions as server-to-client requests, a modern task is
 * per-request and delivers them in {@code tasks/get}; mapping one onto the other would have the gateway hold
 * questions and answers for tasks it cannot see end (a legacy {@code tasks/result} blocks, a modern client polls).
 * So a task request across eras gets a clear error, and each era's capability is shown only to its own clients.
 *
 * <p>One upstream connection serves every client, so a legacy server sees one caller: the gateway scopes its tasks,
 * and a legacy task is reachable and listed only for the session that created it. A modern task id is the server's
 * bearer handle (the extension asks servers to make it unguessable) and each request carries its own client's
 * capabilities, so modern task requests are routed by id alone. Status notifications pass through in both eras: a
 * legacy task's to the session that created it, a modern task's ({@code notifications/tasks}, asked for on
 * {@code subscriptions/listen} by task id) to the listen streams that asked, the gateway asking each server once.
 */
final class TaskRoutes {

    private TaskRoutes() {
    }

    /**
     * The upstream a {@code tasks/*} request names, with {@code params.taskId} rewritten to the server's own id.
     * Refuses a modern request that did not declare the extension ({@code -32021}), an id this view cannot
     * resolve ({@code -32602}), and a task of a server of the other era.
     */
    static Upstream owner(View view, Session session, TaskOwners owners, String method, ObjectNode params) {
        if (session.isModern() && !Tasks.declaredIn(params)) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.putObject("requiredCapabilities").putObject("extensions").putObject(Tasks.EXTENSION);
            throw new ProtocolException(new RpcError(ModernEra.MISSING_CLIENT_CAPABILITY,
                    "Missing required client capability: " + method + " needs the " + Tasks.EXTENSION
                            + " extension in this request's client capabilities", data), null);
        }
        JsonNode taskId = params.get("taskId");
        if (taskId == null || !taskId.isString()) {
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: \"taskId\" must be a string");
        }
        Namespace.Target target = view.namespace().resolve(taskId.stringValue())
                .filter(t -> view.upstream(t.server()).isPresent())
                .orElseThrow(() -> new ProtocolException(RpcError.INVALID_PARAMS,
                        "Invalid params: unknown taskId (on this endpoint a task id is server" + Namespace.SEPARATOR
                                + "id)"));
        Upstream upstream = view.upstream(target.server()).orElseThrow();
        requireSameEra(upstream, session, method);
        if (!session.isModern() && !owners.owner(upstream.name(), target.name()).filter(session::equals).isPresent()) {
            // One upstream session serves every client: a legacy task is reachable only from the session that
            // created it, and another session is told nothing more than that the id is unknown.
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: unknown taskId");
        }
        params.put("taskId", target.name());
        return upstream;
    }

    /**
     * Where a legacy {@code tasks/list} answer goes before {@code answer}: it keeps only the tasks this session
     * created. A single server's endpoint must be of the session's era.
     */
    static CompletableFuture<Message.Response> ownOnly(View view, Session session, TaskOwners owners,
                                                       CompletableFuture<Message.Response> answer) {
        if (view.isSingle()) {
            requireSameEra(view.upstreams().getFirst(), session, Tasks.LIST);
        }
        CompletableFuture<Message.Response> everyones = new CompletableFuture<>();
        everyones.whenComplete((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(ownOnly(view, session, owners, response));
            }
        });
        return everyones;
    }

    private static Message.Response ownOnly(View view, Session session, TaskOwners owners,
                                            Message.Response response) {
        if (response.isError() || !(response.result() instanceof ObjectNode result)
                || !(result.get("tasks") instanceof ArrayNode tasks)) {
            return response;
        }
        ObjectNode shown = result.deepCopy();
        ArrayNode own = shown.putArray("tasks");
        for (JsonNode task : tasks) {
            view.namespace().resolve(task.path("taskId").asString(""))
                    .flatMap(target -> owners.owner(target.server(), target.name()))
                    .filter(session::equals)
                    .ifPresent(mine -> own.add(task));
        }
        return Message.Response.success(response.id(), shown);
    }

    /**
     * Where the server's answer to a request that may create or name a task goes before {@code answer}: its task ids
     * are shown as this view names them, and the legacy session that created a task is noted, for the task's status
     * notifications and questions, with the task's ttl, for the wait of its {@code tasks/result}.
     */
    static CompletableFuture<Message.Response> presented(View view, Upstream upstream, Session session,
                                                         TaskOwners owners, TaskResultWaits waits,
                                                         CompletableFuture<Message.Response> answer) {
        CompletableFuture<Message.Response> raw = new CompletableFuture<>();
        raw.whenComplete((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
                return;
            }
            if (!session.isModern()) {
                createdTask(response).ifPresent(taskId -> {
                    waits.created(upstream.name(), taskId, response.result().get("task"));
                    owners.created(upstream.name(), taskId, session);
                });
            }
            answer.complete(present(view, upstream.name(), response));
        });
        return raw;
    }

    /**
     * Asks each modern server offering the extension for the notifications of the tasks a listen stream names, once
     * per task however many streams listen; answers the ids granted, as the client named them.
     */
    static List<String> watch(View view, Session listener, TaskOwners owners, List<String> taskIds) {
        List<String> granted = new ArrayList<>();
        for (String shown : taskIds) {
            Optional<Namespace.Target> target = view.namespace().resolve(shown);
            Optional<Upstream> upstream = target.flatMap(t -> view.upstream(t.server()))
                    .filter(u -> view.isSingle() || u.status().state() == UpstreamStatus.State.READY)
                    .filter(u -> isModern(u.handshake()) && Tasks.offeredIn(u.handshake().capabilities(), true));
            if (upstream.isEmpty()) {
                continue;
            }
            TaskOwners.Watch watch = owners.watch(upstream.get().name(), target.get().name(), listener);
            if (watch == TaskOwners.Watch.FIRST) {
                upstream.get().watchTask(target.get().name(), true);
            }
            if (watch != TaskOwners.Watch.FULL) {
                granted.add(shown);
            }
        }
        return granted;
    }

    /** Refuses a task request whose client and server speak different eras; tasks are not translated. */
    static void requireSameEra(Upstream upstream, Session session, String method) {
        boolean modernServer = isModern(upstream.handshake());
        if (modernServer != session.isModern()) {
            throw new ProtocolException(RpcError.INVALID_PARAMS, "Invalid params: " + method + " cannot reach server '"
                    + upstream.name() + "': it speaks " + upstream.handshake().protocolVersion()
                    + " and this client " + (session.isModern() ? ModernEra.VERSION : "a legacy version")
                    + "; the gateway passes tasks through between clients and servers of one era only");
        }
    }

    /**
     * A server's answer as the client sees it: on the aggregate endpoint every task id it carries (a modern task's
     * top-level {@code taskId}, a legacy {@code task.taskId}, {@code tasks[].taskId} of a list, and the legacy
     * related-task {@code _meta}) gets the server's prefix.
     */
    static Message.Response present(View view, String server, Message.Response response) {
        if (view.isSingle() || response.isError() || !(response.result() instanceof ObjectNode result)) {
            return response;
        }
        ObjectNode shown = result.deepCopy();
        present(view.namespace(), server, shown);
        return Message.Response.success(response.id(), shown);
    }

    /** Prefixes, in place, the task ids {@code node} carries (see {@link #present(View, String, Message.Response)}). */
    static void present(Namespace namespace, String server, ObjectNode node) {
        qualify(namespace, server, node);
        if (node.get("task") instanceof ObjectNode task) {
            qualify(namespace, server, task);
        }
        for (JsonNode task : node.path("tasks")) {
            if (task instanceof ObjectNode object) {
                qualify(namespace, server, object);
            }
        }
        if (node.get("result") instanceof ObjectNode inlined) {
            qualifyRelated(namespace, server, inlined);
        }
        qualifyRelated(namespace, server, node);
    }

    private static void qualify(Namespace namespace, String server, ObjectNode node) {
        if (node.path("taskId").isString()) {
            node.put("taskId", namespace.qualify(server, node.get("taskId").stringValue()));
        }
    }

    private static void qualifyRelated(Namespace namespace, String server, ObjectNode node) {
        if (node.path("_meta").get(Tasks.RELATED_TASK) instanceof ObjectNode related) {
            qualify(namespace, server, related);
        }
    }

    /** The id of the legacy task a server's answer created ({@code result.task.taskId}); empty if it created none. */
    static Optional<String> createdTask(Message.Response response) {
        if (response.isError() || !(response.result() instanceof ObjectNode result)) {
            return Optional.empty();
        }
        JsonNode id = result.path("task").get("taskId");
        return id != null && id.isString() ? Optional.of(id.stringValue()) : Optional.empty();
    }

    /** The task a server's message says it belongs to ({@code _meta} related-task), if any. */
    static Optional<String> relatedTask(ObjectNode params) {
        JsonNode id = params == null ? null : params.path("_meta").path(Tasks.RELATED_TASK).get("taskId");
        return id != null && id.isString() ? Optional.of(id.stringValue()) : Optional.empty();
    }

    /** How a session's endpoint names things: prefixed on the aggregate and profiles, unchanged on a server's own. */
    static Namespace namespaceOf(Session session, String server) {
        return Endpoints.namespace(session.endpoint(), server);
    }

    /**
     * The task capability a view shows a client of one era: a single server's own, if it is of that era; on the
     * aggregate endpoint, the extension if any running modern server offers it, or the union of the running legacy
     * servers' {@code tasks} capabilities. The other era's slot is removed.
     */
    static void negotiate(View view, ObjectNode capabilities, boolean modernClient) {
        JsonNode extensions = capabilities.get("extensions");
        if (extensions instanceof ObjectNode object) {
            object.remove(Tasks.EXTENSION);
            if (object.isEmpty()) {
                capabilities.remove("extensions");
            }
        }
        capabilities.remove(Tasks.CAPABILITY);
        ObjectNode legacy = null;
        boolean extension = false;
        for (Upstream upstream : view.upstreams()) {
            if (!view.isSingle() && upstream.status().state() != UpstreamStatus.State.READY) {
                continue;
            }
            ServerHandshake handshake = upstream.handshake();
            if (isModern(handshake) && modernClient) {
                extension |= Tasks.offeredIn(handshake.capabilities(), true);
            } else if (!isModern(handshake) && !modernClient
                    && handshake.capabilities().get(Tasks.CAPABILITY) instanceof ObjectNode offered) {
                legacy = legacy == null ? offered.deepCopy() : merge(legacy, offered);
            }
        }
        if (extension) {
            JsonNode existing = capabilities.get("extensions");
            ObjectNode target = existing instanceof ObjectNode object ? object : capabilities.putObject("extensions");
            target.putObject(Tasks.EXTENSION);
        }
        if (legacy != null) {
            capabilities.set(Tasks.CAPABILITY, legacy);
        }
    }

    /** Whether the view offers a client of that era any task at all. */
    static boolean offered(View view, boolean modernClient) {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        negotiate(view, capabilities, modernClient);
        return modernClient ? capabilities.has("extensions") : capabilities.has(Tasks.CAPABILITY);
    }

    private static ObjectNode merge(ObjectNode into, ObjectNode more) {
        for (var entry : more.properties()) {
            JsonNode mine = into.get(entry.getKey());
            if (mine instanceof ObjectNode object && entry.getValue() instanceof ObjectNode other) {
                merge(object, other);
            } else if (mine == null) {
                into.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return into;
    }

    static boolean isModern(ServerHandshake handshake) {
        return ModernEra.VERSION.equals(handshake.protocolVersion());
    }
}
