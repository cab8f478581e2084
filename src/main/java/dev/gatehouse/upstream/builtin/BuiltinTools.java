package dev.gatehouse.upstream.builtin;

import dev.gatehouse.CallOptions;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RequestId;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read-only tools of the built-in server. They describe servers without ever showing an environment value:
 * only variable names are listed, since values may be credentials.
 */
final class BuiltinTools {

    private static final CallOptions COUNT_TIMEOUT = new CallOptions(Duration.ofSeconds(5));
    private static final int MAX_PAGES = 100;

    private final JsonMapper mapper;
    private final ServerDirectory directory;
    private final ToolResults results;
    private final DiagnosticTools diagnostics;
    private final TrafficTools traffic;

    BuiltinTools(JsonMapper mapper, ServerDirectory directory, TrafficTools traffic) {
        this.mapper = mapper;
        this.directory = directory;
        this.results = new ToolResults(mapper);
        this.diagnostics = new DiagnosticTools(mapper, directory);
        this.traffic = traffic;
    }

    ArrayNode definitions() {
        ArrayNode tools = mapper.createArrayNode();
        ObjectNode list = tools.addObject();
        list.put("name", "list_servers");
        list.put("title", "List servers");
        list.put("description", "Lists every server behind this gateway with its transport, state, tool count and "
                + "last error.");
        list.putObject("inputSchema").put("type", "object");
        list.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        ObjectNode status = tools.addObject();
        status.put("name", "server_status");
        status.put("title", "Server status");
        status.put("description", "Shows one server in detail: state, restarts, command and the names (never the "
                + "values) of its environment variables, and what it reported about itself.");
        ObjectNode schema = status.putObject("inputSchema");
        schema.put("type", "object");
        schema.putObject("properties").putObject("name").put("type", "string").put("description", "server name");
        schema.putArray("required").add("name");
        status.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        diagnostics.define(tools);
        traffic.define(tools);
        return tools;
    }

    boolean has(String name) {
        return name.equals("list_servers") || name.equals("server_status") || diagnostics.has(name)
                || traffic.has(name);
    }

    /** Runs a tool {@link #has known} to exist; returns a CallToolResult, with {@code isError} for a bad argument. */
    ObjectNode call(String name, ObjectNode arguments) {
        if (diagnostics.has(name)) {
            return diagnostics.call(name, arguments);
        }
        if (traffic.has(name)) {
            return traffic.call(name, arguments, new TrafficTools.Results() {
                @Override
                public ObjectNode structured(ObjectNode content) {
                    return results.structured(content);
                }

                @Override
                public ObjectNode error(String message) {
                    return results.error(message);
                }
            });
        }
        return name.equals("list_servers")
                ? results.structured(listServers())
                : serverStatus(arguments.path("name").asString(""));
    }

    private ObjectNode listServers() {
        ObjectNode result = mapper.createObjectNode();
        ArrayNode servers = result.putArray("servers");
        for (Upstream upstream : directory.running()) {
            ObjectNode entry = servers.addObject();
            entry.put("name", upstream.name());
            entry.put("transport", upstream.transport());
            describeStatus(entry, upstream.status());
            if (upstream.status().state() == UpstreamStatus.State.READY) {
                describeEra(entry, upstream.handshake());
            }
            toolCount(upstream).ifPresentOrElse(count -> entry.put("toolCount", count), () -> entry.putNull("toolCount"));
        }
        for (ServerConfig config : directory.configured()) {
            if (!config.enabled()) {
                ObjectNode entry = servers.addObject();
                entry.put("name", config.name());
                entry.put("transport", config.transport());
                entry.put("state", UpstreamStatus.State.DISABLED.label());
                entry.putNull("toolCount");
                entry.putNull("lastError");
            }
        }
        return result;
    }

    private ObjectNode serverStatus(String name) {
        Optional<ServerConfig> config = directory.configured().stream().filter(c -> c.name().equals(name)).findFirst();
        Optional<Upstream> upstream = directory.running().stream().filter(u -> u.name().equals(name)).findFirst();
        if (config.isEmpty() && upstream.isEmpty()) {
            return results.error("Unknown server: " + name);
        }
        ObjectNode result = mapper.createObjectNode();
        result.put("name", name);
        upstream.ifPresentOrElse(u -> {
            result.put("transport", u.transport());
            describeStatus(result, u.status());
            if (u.status().state() == UpstreamStatus.State.READY) {
                describeHandshake(result, u.handshake());
            }
        }, () -> {
            result.put("transport", config.map(ServerConfig::transport).orElse("stdio"));
            result.put("state", UpstreamStatus.State.DISABLED.label());
        });
        config.ifPresent(c -> {
            if (c.remote() == null) {
                result.put("command", c.command());
                ArrayNode args = result.putArray("args");
                c.args().forEach(args::add);
                ArrayNode envNames = result.putArray("envNames");
                c.env().keySet().forEach(envNames::add);
            } else {
                result.put("url", c.remote().url().toString());
                ArrayNode headerNames = result.putArray("headerNames");
                c.remote().headers().keySet().forEach(headerNames::add);
            }
            if (c.cwd() != null) {
                result.put("cwd", c.cwd().toString());
            }
            result.put("timeoutSeconds", c.timeout().toSeconds());
        });
        return results.structured(result);
    }

    private static void describeStatus(ObjectNode entry, UpstreamStatus status) {
        entry.put("state", status.state().label());
        entry.put("since", status.since().toString());
        entry.put("restarts", status.restarts());
        if (status.lastError() == null) {
            entry.putNull("lastError");
        } else {
            entry.put("lastError", status.lastError());
        }
    }

    /** The protocol version the server speaks, and its era: modern (2026-07-28, no session) or legacy. */
    private static void describeEra(ObjectNode entry, ServerHandshake handshake) {
        entry.put("protocolVersion", handshake.protocolVersion());
        entry.put("era", ModernEra.VERSION.equals(handshake.protocolVersion()) ? "modern" : "legacy");
    }

    private static void describeHandshake(ObjectNode entry, ServerHandshake handshake) {
        describeEra(entry, handshake);
        entry.set("serverInfo", handshake.serverInfo());
        entry.set("capabilities", handshake.capabilities());
    }

    /** Counts a ready server's tools across all pages; unknown when the server is not ready or does not answer. */
    private Optional<Integer> toolCount(Upstream upstream) {
        if (upstream.status().state() != UpstreamStatus.State.READY
                || !upstream.handshake().hasCapability("tools")) {
            return Optional.empty();
        }
        int count = 0;
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = mapper.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            Message.Response response;
            try {
                response = upstream.call(new Message.Request(RequestId.of(0), McpMethods.TOOLS_LIST, params),
                        COUNT_TIMEOUT).response().join();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (response.isError()) {
                return Optional.empty();
            }
            count += response.result().path("tools").size();
            JsonNode next = response.result().get("nextCursor");
            if (next == null || !next.isString()) {
                return Optional.of(count);
            }
            cursor = next.stringValue();
        }
        return Optional.of(count);
    }
}
