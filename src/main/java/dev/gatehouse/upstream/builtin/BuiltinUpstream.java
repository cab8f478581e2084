package dev.gatehouse.upstream.builtin;

import dev.gatehouse.CallOptions;
import dev.gatehouse.ClientIdentity;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.TrafficLog;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RpcError;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's own server, {@code gatehouse}, always present. It answers in-process on a virtual thread and
 * offers read-only views for an agent debugging its own setup; nothing here can change configuration.
 */
public final class BuiltinUpstream implements Upstream {

    private final JsonMapper mapper;
    private final BuiltinTools tools;
    private final Executor executor;
    private final ServerHandshake handshake;
    private final UpstreamStatus status = new UpstreamStatus(UpstreamStatus.State.READY, null, 0, Instant.now());

    /** {@code traffic} is what the traffic tools read, or null when the gateway records no traffic. */
    public BuiltinUpstream(JsonMapper mapper, ServerDirectory directory, TrafficLog traffic, Executor executor) {
        this.mapper = mapper;
        this.tools = new BuiltinTools(mapper, directory, new TrafficTools(mapper, traffic, InstantSource.system()));
        this.executor = executor;
        ObjectNode capabilities = mapper.createObjectNode();
        capabilities.putObject("tools");
        ObjectNode serverInfo = mapper.createObjectNode();
        serverInfo.put("name", ClientIdentity.NAME);
        serverInfo.put("version", ClientIdentity.VERSION);
        this.handshake = new ServerHandshake(ProtocolVersions.LATEST, capabilities, serverInfo,
                "Read-only views of this Gatehouse gateway: its servers and their state, and the recorded traffic "
                        + "(redacted) for debugging your own calls.");
    }

    @Override
    public String name() {
        return GatewayConfig.BUILTIN_SERVER;
    }

    @Override
    public String transport() {
        return "builtin";
    }

    @Override
    public UpstreamStatus status() {
        return status;
    }

    @Override
    public ServerHandshake handshake() {
        return handshake;
    }

    @Override
    public PendingCall call(Message.Request request, CallOptions options) {
        return PendingCall.of(CompletableFuture.supplyAsync(() -> answer(request), executor));
    }

    private Message.Response answer(Message.Request request) {
        ObjectNode params = request.params() == null ? mapper.createObjectNode() : request.params();
        return switch (request.method()) {
            case McpMethods.PING -> Message.Response.success(request.id(), mapper.createObjectNode());
            case McpMethods.TOOLS_LIST -> {
                ObjectNode result = mapper.createObjectNode();
                result.set("tools", tools.definitions());
                yield Message.Response.success(request.id(), result);
            }
            case McpMethods.TOOLS_CALL -> {
                String name = params.path("name").asString("");
                if (!tools.has(name)) {
                    yield Message.Response.failure(request.id(),
                            new RpcError(RpcError.INVALID_PARAMS, "Unknown tool: " + name));
                }
                ObjectNode arguments = params.get("arguments") instanceof ObjectNode a ? a : mapper.createObjectNode();
                yield Message.Response.success(request.id(), tools.call(name, arguments));
            }
            default -> Message.Response.failure(request.id(),
                    new RpcError(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method()));
        };
    }

    @Override
    public void notify(Message.Notification notification) {
        // The built-in server has no use for client notifications (it sends no requests and logs nothing).
    }

    @Override
    public void reply(Message.Response response) {
        // It never sends server-to-client requests, so there is nothing a response could answer.
    }

    @Override
    public void close() {
        // Nothing to release: it owns no process or connection.
    }
}
