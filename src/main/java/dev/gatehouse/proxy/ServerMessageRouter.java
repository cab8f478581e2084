package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.capture.TrafficEvent;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.routing.ResourceIndex;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes what servers send on their own initiative: progress to the request that asked for it, server-to-client
 * requests and log messages to the client whose request to that server is in flight, list changes to every
 * session that sees the server, resource updates to the sessions subscribed. Runs on upstream reader threads, so
 * it only looks up tables and enqueues.
 */
final class ServerMessageRouter implements UpstreamEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMessageRouter.class);
    private static final Map<String, String> CAPABILITY_FOR_REQUEST = Map.of(
            McpMethods.SAMPLING_CREATE_MESSAGE, "sampling",
            McpMethods.ELICITATION_CREATE, "elicitation",
            McpMethods.ROOTS_LIST, "roots");

    private final RoutingTables tables;
    private final SessionRegistry sessions;
    private final ResourceIndex resources;
    private final MessageRedaction redaction;
    private final TrafficTap tap;
    private final NotificationThrottle throttle;
    private final InputRequests inputRequests;
    private final Consumer<Upstream> ready;
    private final BiPredicate<String, String> visibility;

    /**
     * {@code ready} hears of every server that became ready (started, restarted or replaced); it must not block.
     * {@code visibility} says whether a session on an endpoint sees a server (under the running config).
     */
    ServerMessageRouter(RoutingTables tables, SessionRegistry sessions, ResourceIndex resources,
                        MessageRedaction redaction, TrafficTap tap, NotificationThrottle throttle,
                        InputRequests inputRequests, Consumer<Upstream> ready,
                        BiPredicate<String, String> visibility) {
        this.visibility = visibility;
        this.inputRequests = inputRequests;
        this.ready = ready;
        this.redaction = redaction;
        this.tap = tap;
        this.tables = tables;
        this.sessions = sessions;
        this.resources = resources;
        this.throttle = throttle;
    }

    /** Everything a server sends on its own reaches clients, so it is redacted once, on arrival. */
    @Override
    public void onNotification(Upstream from, Message.Notification received) {
        if (!throttle.admit(from.name())) {
            return;
        }
        Message.Notification notification = redaction.notification(received);
        tap.notification(null, from.name(), TrafficEvent.Direction.SERVER_TO_CLIENT, notification);
        switch (notification.method()) {
            case McpMethods.PROGRESS -> progress(notification);
            case McpMethods.MESSAGE -> log(from, notification);
            case McpMethods.TOOLS_LIST_CHANGED, McpMethods.PROMPTS_LIST_CHANGED -> broadcast(from, notification);
            case McpMethods.RESOURCES_LIST_CHANGED -> {
                resources.forget(from.name());
                broadcast(from, notification);
            }
            case McpMethods.RESOURCES_UPDATED -> updated(from, notification);
            case McpMethods.CANCELLED -> cancelled(from, notification);
            case Tasks.STATUS -> taskStatus(from, notification);
            case Tasks.NOTIFICATION -> taskNotification(from, notification);
            default -> LOG.debug("'{}' sent {}, which has no client-side route; dropped", from.name(),
                    notification.method());
        }
    }

    private void progress(Message.Notification notification) {
        ObjectNode params = notification.params();
        ActiveCall call = params == null ? null : tables.progress().find(params.get("progressToken"));
        JsonNode clientToken = call == null ? null : call.progressToken();
        if (clientToken == null) {
            return;
        }
        ObjectNode rewritten = params.deepCopy();
        rewritten.set("progressToken", clientToken);
        call.deliver(new Message.Notification(notification.method(), rewritten));
        // Progress on a task's creating request is a sign of life for the tasks/result waiting on that task.
        tables.progress().task(params.get("progressToken")).ifPresent(tables.taskResults()::progressed);
    }

    /** Log messages carry the server's name as their logger, so a client can tell which server wrote them. */
    private void log(Upstream from, Message.Notification notification) {
        ObjectNode params = notification.params() == null ? null : notification.params().deepCopy();
        if (params != null) {
            String logger = params.path("logger").asString("");
            params.put("logger", logger.isEmpty() ? from.name() : from.name() + "/" + logger);
        }
        Message.Notification named = new Message.Notification(notification.method(), params);
        Optional<ActiveCall> call = tables.activeCalls().mostRecent(from.name());
        if (call.isPresent()) {
            call.get().deliver(named);
        } else {
            broadcast(from, named);
        }
    }

    private void broadcast(Upstream from, Message.Notification notification) {
        for (Session session : sessions.all()) {
            if (sees(session, from.name())) {
                session.outbound().offer(notification);
            }
        }
    }

    private void updated(Upstream from, Message.Notification notification) {
        String uri = notification.params() == null ? null : notification.params().path("uri").asString(null);
        if (uri == null) {
            return;
        }
        for (Session session : tables.subscriptions().subscribers(new Subscriptions.Key(from.name(), uri))) {
            session.outbound().offer(notification);
        }
    }

    /** A legacy task's status goes to the session that created it, under the id that session knows it by. */
    private void taskStatus(Upstream from, Message.Notification notification) {
        String taskId = notification.params() == null ? null : notification.params().path("taskId").asString(null);
        if (taskId == null) {
            return;
        }
        tables.taskResults().announced(from.name(), notification.params());
        if (TaskResultWaits.isTerminal(notification.params())) {
            tables.progress().taskEnded(from.name(), taskId);
        }
        tables.tasks().deliver(from.name(), taskId, owner -> {
            ObjectNode params = notification.params().deepCopy();
            TaskRoutes.present(TaskRoutes.namespaceOf(owner, from.name()), from.name(), params);
            owner.outbound().offer(new Message.Notification(notification.method(), params));
        }, () -> LOG.debug("'{}' sent the status of a task no open session created; dropped", from.name()));
    }

    /** A modern task's status goes to the listen streams that asked for it, under the id each knows it by. */
    private void taskNotification(Upstream from, Message.Notification notification) {
        String taskId = notification.params() == null ? null : notification.params().path("taskId").asString(null);
        if (taskId == null) {
            return;
        }
        for (Session listener : tables.tasks().watchers(from.name(), taskId)) {
            ObjectNode params = notification.params().deepCopy();
            TaskRoutes.present(TaskRoutes.namespaceOf(listener, from.name()), from.name(), params);
            listener.outbound().offer(new Message.Notification(notification.method(), params));
        }
    }

    /** A server withdrawing one of its own requests: relay it under the id the client saw. */
    private void cancelled(Upstream from, Message.Notification notification) {
        JsonNode requestId = notification.params() == null ? null : notification.params().get("requestId");
        if (requestId == null || !(requestId.isString() || requestId.isIntegralNumber())) {
            return;
        }
        tables.serverRequests().findByUpstream(from, new RequestId(requestId)).ifPresent(entry -> {
            ObjectNode params = notification.params().deepCopy();
            params.set("requestId", entry.getKey().value());
            entry.getValue().session().outbound().offer(new Message.Notification(notification.method(), params));
        });
    }

    /**
     * A server's request to the client. {@code ping} is answered here: the modern era has none, and a live gateway is
     * all a server can learn from it. Others go to the client whose call to that server is in flight: a legacy
     * session gets the request itself, a modern client's call gets it as an {@code input_required} question.
     */
    @Override
    public void onRequest(Upstream from, Message.Request received) {
        Message.Request request = redaction.request(received);
        long startNanos = System.nanoTime();
        if (request.method().equals(McpMethods.PING)) {
            Message.Response pong = Message.Response.success(request.id(), JsonNodeFactory.instance.objectNode());
            from.reply(pong);
            tap.serverExchange(null, from.name(), request, pong, startNanos);
            return;
        }
        Optional<String> task = TaskRoutes.relatedTask(request.params());
        if (task.isPresent()) {
            tables.tasks().deliver(from.name(), task.get(), owner -> askTaskOwner(from, owner, request, startNanos),
                    () -> refuse(from, null, request, RpcError.INTERNAL_ERROR,
                            "No open client session created task " + task.get(), startNanos));
            return;
        }
        Optional<ActiveCall> call = tables.activeCalls().mostRecent(from.name());
        if (call.isEmpty()) {
            refuse(from, null, request, RpcError.INTERNAL_ERROR,
                    "No client request to this server is in flight, so there is no client to ask", startNanos);
            return;
        }
        Session session = call.get().session();
        if (!declaredBy(session, from, request, startNanos)) {
            return;
        }
        if (session.isModern()) {
            askModern(from, session, call.get(), request, CAPABILITY_FOR_REQUEST.get(request.method()), startNanos);
            return;
        }
        register(from, session, request, startNanos).ifPresent(id -> call.get().deliver(request.withId(id)));
    }

    /** Whether the client declared the capability the server's request needs; if not, the server is refused. */
    private boolean declaredBy(Session session, Upstream from, Message.Request request, long startNanos) {
        String capability = CAPABILITY_FOR_REQUEST.get(request.method());
        if (capability != null && !session.declared(capability)) {
            refuse(from, session, request, RpcError.METHOD_NOT_FOUND,
                    "The client did not declare the '" + capability + "' capability", startNanos);
            return false;
        }
        return true;
    }

    /** The gateway id a legacy client answers the server's request under; empty (and refused) when too many wait. */
    private Optional<RequestId> register(Upstream from, Session session, Message.Request request, long startNanos) {
        Optional<RequestId> gatewayId = tables.serverRequests()
                .register(new ServerRequests.Pending(from, request.id(), session, request, startNanos));
        if (gatewayId.isEmpty()) {
            refuse(from, session, request, RpcError.INTERNAL_ERROR,
                    "Too many server requests are waiting for clients", startNanos);
        }
        return gatewayId;
    }

    /**
     * A legacy task's question goes to the session that created the task, never to whichever client happens to
     * have a call in flight: on that session's own call to the server if one is open (its {@code tasks/result}),
     * else on its GET stream.
     */
    private void askTaskOwner(Upstream from, Session owner, Message.Request request, long startNanos) {
        if (!declaredBy(owner, from, request, startNanos)) {
            return;
        }
        Optional<RequestId> gatewayId = register(from, owner, request, startNanos);
        if (gatewayId.isEmpty()) {
            return;
        }
        ObjectNode params = request.params().deepCopy();
        TaskRoutes.present(TaskRoutes.namespaceOf(owner, from.name()), from.name(), params);
        Message.Request shown = new Message.Request(gatewayId.get(), request.method(), params);
        tables.activeCalls().mostRecent(from.name(), owner).ifPresentOrElse(call -> call.deliver(shown),
                () -> owner.outbound().offer(shown));
    }

    /** A modern client can only be asked through its call's {@code input_required} result. */
    private void askModern(Upstream from, Session session, ActiveCall call, Message.Request request,
                           String capability, long startNanos) {
        SuspendedCall rounds = call.suspension();
        if (capability == null || rounds == null) {
            refuse(from, session, request, RpcError.METHOD_NOT_FOUND, "The client speaks MCP " + ModernEra.VERSION
                    + ", which has no server-to-client requests; only sampling, elicitation and roots during a"
                    + " tools/call, prompts/get or resources/read can reach it (as input_required)", startNanos);
            return;
        }
        if (!inputRequests.ask(rounds, from, request, startNanos)) {
            refuse(from, session, request, RpcError.INTERNAL_ERROR,
                    "Too many questions are waiting for this client's answers", startNanos);
        }
    }

    private void refuse(Upstream from, Session session, Message.Request request, int code, String message,
                        long startNanos) {
        LOG.info("refused {} from '{}': {}", request.method(), from.name(), message);
        Message.Response refusal = Message.Response.failure(request.id(), new RpcError(code, message));
        from.reply(refusal);
        tap.serverExchange(session, from.name(), request, refusal, startNanos);
    }

    @Override
    public void onStatusChange(Upstream from, UpstreamStatus status) {
        tap.lifecycle(from, status);
        LOG.info("server '{}' is {}{}", from.name(), status.state().label(),
                status.lastError() == null ? "" : " (" + status.lastError() + ")");
        if (status.state() == UpstreamStatus.State.READY) {
            ready.accept(from);
        }
    }

    private boolean sees(Session session, String server) {
        return visibility.test(session.endpoint(), server);
    }
}
