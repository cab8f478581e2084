package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.protocol.Tasks;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.ReplyCapture;
import dev.gatehouse.routing.View;
import dev.gatehouse.session.ExchangeChannel;
import dev.gatehouse.session.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The response streams of modern-era requests. A request's stream carries its progress and, when the request
 * asked for a log level, its log messages, then the result; it has no event ids (the era has no resumption), and
 * the client closing it cancels the call. A {@code subscriptions/listen} stream starts with an acknowledgement and
 * then carries exactly the notification types the client opted in to, each tagged with the subscription id.
 */
final class ModernStreams {

    private static final Map<String, String> FILTER_FOR = Map.of(
            McpMethods.TOOLS_LIST_CHANGED, "toolsListChanged",
            McpMethods.PROMPTS_LIST_CHANGED, "promptsListChanged",
            McpMethods.RESOURCES_LIST_CHANGED, "resourcesListChanged");
    private static final Map<String, String> CAPABILITY_FOR_FILTER = Map.of(
            "toolsListChanged", "tools", "promptsListChanged", "prompts", "resourcesListChanged", "resources",
            "resourceSubscriptions", "resources");

    private final Gateway gateway;
    private final JsonRpcCodec codec;
    private final HttpReplies replies;

    ModernStreams(Gateway gateway, JsonRpcCodec codec, HttpReplies replies) {
        this.gateway = gateway;
        this.codec = codec;
        this.replies = replies;
    }

    /**
     * Plain JSON when the result is the first thing to send, else SSE; a dropped stream cancels the call.
     * {@code reply} (may be null) is told the reply's status and headers just before the result is written.
     */
    void answer(Session context, Message.Request call, String logLevel, ExchangeChannel channel, Response response,
                UnaryOperator<ObjectNode> decorate, ReplyCapture reply) throws IOException {
        int position = 0;
        SseWriter sse = null;
        try {
            while (true) {
                List<Message> batch = channel.after(position, SseStreams.KEEP_ALIVE);
                position += batch.size();
                for (Message message : batch) {
                    if (message instanceof Message.Response answer) {
                        Message.Response decorated = decorate(answer, decorate);
                        if (sse == null && decorated.isError()
                                && decorated.error().code() == ModernEra.MISSING_CLIENT_CAPABILITY) {
                            // The era's rule for HTTP: a missing required client capability is a 400.
                            replies.message(response, 400, decorated, reply);
                        } else if (sse == null) {
                            replies.answer(response, decorated, reply);
                        } else {
                            if (reply != null) {
                                reply.replying(response.getStatus(), HttpReplies.fields(response.getHeaders()));
                            }
                            sse.event(null, codec.encode(decorated));
                            sse.end();
                        }
                        return;
                    }
                    if (carries(message, logLevel)) {
                        sse = sse == null ? open(response) : sse;
                        sse.event(null, codec.encode(message));
                    }
                }
                if (batch.isEmpty()) {
                    sse = sse == null ? open(response) : sse;
                    sse.comment("keep-alive");
                }
            }
        } catch (IOException e) {
            // In this era the stream is the request: a client that hangs up has cancelled it.
            context.cancelInFlight(call.id());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.cancelInFlight(call.id());
        }
    }

    private static SseWriter open(Response response) {
        SseWriter.prepare(response);
        return new SseWriter(response);
    }

    /** Progress always; log messages only at or above the level the request asked for; never server requests. */
    private static boolean carries(Message message, String logLevel) {
        if (!(message instanceof Message.Notification notification)) {
            return false;
        }
        if (notification.method().equals(McpMethods.MESSAGE)) {
            return notification.params() != null && ModernEra.logPasses(logLevel, notification.params().get("level"));
        }
        return true;
    }

    private static Message.Response decorate(Message.Response answer, UnaryOperator<ObjectNode> decorate) {
        if (answer.isError() || !(answer.result() instanceof ObjectNode result)) {
            return answer;
        }
        return Message.Response.success(answer.id(), decorate.apply(result.deepCopy()));
    }

    /** {@code subscriptions/listen}: acknowledges what it will deliver, then delivers it until the client leaves. */
    void listen(View view, Session subscription, Message.Request call, ObjectNode params, Response response)
            throws IOException {
        try {
            if (!(params.get("notifications") instanceof ObjectNode requested)) {
                replies.error(response, 400, new dev.gatehouse.protocol.RpcError(
                        dev.gatehouse.protocol.RpcError.INVALID_PARAMS,
                        "Invalid params: \"notifications\" must be an object"), call.id());
                return;
            }
            if (requested.has(Tasks.LISTEN_FILTER) && !Tasks.declaredIn(params)) {
                replies.message(response, 200, Message.Response.failure(call.id(), missingTasksExtension()));
                return;
            }
            ObjectNode granted = grant(view, requested);
            for (JsonNode uri : granted.path("resourceSubscriptions")) {
                gateway.subscribe(view, subscription, uri.asString());
            }
            if (requested.get(Tasks.LISTEN_FILTER) instanceof ArrayNode taskIds) {
                List<String> asked = taskIds.valueStream().filter(JsonNode::isString).map(JsonNode::stringValue)
                        .toList();
                ArrayNode watched = granted.putArray(Tasks.LISTEN_FILTER);
                gateway.watchTasks(view, subscription, asked).forEach(watched::add);
            }
            SseWriter sse = open(response);
            ObjectNode ack = codec.mapper().createObjectNode();
            ack.set("notifications", granted);
            sse.event(null, codec.encode(tag(new Message.Notification(ModernEra.SUBSCRIPTIONS_ACKNOWLEDGED, ack),
                    call)));
            while (!subscription.isEnded()) {
                Message message = subscription.outbound().poll(SseStreams.KEEP_ALIVE);
                if (message == null) {
                    sse.comment("keep-alive");
                } else if (message instanceof Message.Notification notification && wanted(granted, notification)) {
                    sse.event(null, codec.encode(tag(notification, call)));
                }
            }
            sse.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            gateway.sessions().end(subscription.id());
        }
    }

    /** The requested filter, less what the view cannot deliver (e.g. prompt changes from a server without prompts). */
    private ObjectNode grant(View view, ObjectNode requested) {
        ObjectNode granted = codec.mapper().createObjectNode();
        for (Map.Entry<String, JsonNode> entry : requested.properties()) {
            String capability = CAPABILITY_FOR_FILTER.get(entry.getKey());
            if (capability != null && gateway.offers(view, capability)) {
                granted.set(entry.getKey(), entry.getValue());
            }
        }
        return granted;
    }

    private static RpcError missingTasksExtension() {
        ObjectNode data = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        data.putObject("requiredCapabilities").putObject("extensions").putObject(Tasks.EXTENSION);
        return new RpcError(ModernEra.MISSING_CLIENT_CAPABILITY, "Missing required client capability: task"
                + " notifications need the " + Tasks.EXTENSION + " extension in this request's client capabilities",
                data);
    }

    private static boolean wanted(ObjectNode granted, Message.Notification notification) {
        String flag = FILTER_FOR.get(notification.method());
        if (flag != null) {
            return granted.path(flag).asBoolean(false);
        }
        if (notification.method().equals(Tasks.NOTIFICATION) && notification.params() != null) {
            String taskId = notification.params().path("taskId").asString("");
            return granted.path(Tasks.LISTEN_FILTER).valueStream().anyMatch(t -> t.asString("").equals(taskId));
        }
        if (notification.method().equals(McpMethods.RESOURCES_UPDATED) && notification.params() != null) {
            String uri = notification.params().path("uri").asString("");
            return granted.path("resourceSubscriptions").valueStream().anyMatch(u -> u.asString("").equals(uri));
        }
        return false;
    }

    private static Message.Notification tag(Message.Notification notification, Message.Request listen) {
        ObjectNode params = notification.params() == null
                ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : notification.params().deepCopy();
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.set(ModernEra.META_SUBSCRIPTION_ID, listen.id().value());
        return new Message.Notification(notification.method(), params);
    }
}
