package dev.gatehouse.admin;

import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.ReloadReport;
import dev.gatehouse.admin.api.ServerDetail;
import dev.gatehouse.admin.api.ServerLogs;
import dev.gatehouse.admin.api.ServerSpec;
import dev.gatehouse.admin.api.ServerSummary;
import dev.gatehouse.admin.api.ToolSummary;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.KnownValueRedactor;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.UpstreamRegistry;
import dev.gatehouse.vault.UrlReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The servers resource: what runs, in what state and why, and the changes a user makes. Changes go through
 * {@link ConfigService#edit} so that config.toml always says what runs.
 */
public final class ServersResource {

    private static final int MAX_LOG_LINES = 1000;

    private final Gateway gateway;
    private final ConfigService config;
    private final ToolLister tools;
    private final ToolsResource review;

    public ServersResource(Gateway gateway, ConfigService config, ToolsResource review) {
        this.gateway = gateway;
        this.config = config;
        this.tools = new ToolLister();
        this.review = review;
    }

    public List<ServerSummary> list() {
        UpstreamRegistry registry = gateway.upstreams();
        List<ServerSummary> servers = new ArrayList<>();
        registry.upstream(GatewayConfig.BUILTIN_SERVER).ifPresent(builtin -> servers.add(summary(builtin, null)));
        for (ServerConfig server : registry.configured()) {
            servers.add(summary(registry.upstream(server.name()).orElse(null), server));
        }
        return servers;
    }

    public ServerDetail show(String name) {
        Optional<ServerConfig> server = gateway.upstreams().config().server(name);
        Upstream upstream = running(name).orElse(null);
        if (server.isEmpty() && upstream == null) {
            throw AdminProblem.unknownServer(name);
        }
        ServerSummary summary = summary(upstream, server.orElse(null));
        ServerHandshake handshake = upstream != null && upstream.status().state() == UpstreamStatus.State.READY
                ? upstream.handshake() : null;
        ObjectNode info = handshake == null ? null : handshake.serverInfo();
        ServerConfig c = server.orElse(null);
        return new ServerDetail(summary,
                c == null ? null : c.command(),
                c == null ? List.of() : c.args(),
                c == null ? List.of() : List.copyOf(c.env().keySet()),
                c == null || c.cwd() == null ? null : c.cwd().toString(),
                c == null || c.remote() == null ? null : UrlReferences.decoded(c.remote().url().toString()),
                c == null || c.remote() == null ? List.of() : List.copyOf(c.remote().headers().keySet()),
                c == null ? 0 : c.timeout().toSeconds(),
                c == null ? 0 : c.supervision().healthInterval().toSeconds(),
                c == null ? 0 : c.supervision().idleShutdown().toMinutes(),
                handshake == null ? null : handshake.protocolVersion(),
                info == null ? null : info.path("name").asString(null),
                info == null ? null : info.path("version").asString(null),
                review.warnings(name));
    }

    public ActionResult add(ServerSpec spec) {
        ServerConfig server = ServerSpecs.toConfig(spec);
        config.edit(editor -> editor.add(server));
        return new ActionResult(server.name(), "add", "added '" + server.name() + "' to config.toml"
                + (server.enabled() ? "" : " (disabled)"));
    }

    public ActionResult update(String name, ServerSpec spec) {
        ServerConfig server = ServerSpecs.toConfig(spec);
        if (!server.name().equals(name)) {
            throw AdminProblem.badRequest("the name in the body must be '" + name + "'; renaming is remove + add");
        }
        config.edit(editor -> {
            known(editor.current(), name);
            return editor.replace(server);
        });
        return new ActionResult(name, "update", "updated '" + name + "' in config.toml");
    }

    public ActionResult remove(String name) {
        config.edit(editor -> {
            known(editor.current(), name);
            return editor.remove(name);
        });
        return new ActionResult(name, "remove", "removed '" + name + "' from config.toml and stopped it");
    }

    public ActionResult setEnabled(String name, boolean enabled) {
        ReloadReport report = config.edit(editor -> {
            known(editor.current(), name);
            return editor.setEnabled(name, enabled);
        });
        boolean changed = report.changed().contains(name);
        String verb = enabled ? "enabled" : "disabled";
        return new ActionResult(name, enabled ? "enable" : "disable",
                changed ? verb + " '" + name + "'" : "'" + name + "' was already " + verb);
    }

    public ActionResult restart(String name) {
        ServerConfig server = known(gateway.upstreams().config(), name);
        if (!server.enabled()) {
            throw AdminProblem.conflict("'" + name + "' is disabled; enable it instead");
        }
        if (!gateway.restart(name, "requested (gatehouse server restart)")) {
            throw AdminProblem.unknownServer(name);
        }
        return new ActionResult(name, "restart", "restarting '" + name + "'");
    }

    public List<ToolSummary> tools(String name) {
        Upstream upstream = running(name).orElseThrow(() -> gateway.upstreams().config().server(name).isPresent()
                ? AdminProblem.conflict("'" + name + "' is disabled") : AdminProblem.unknownServer(name));
        try {
            return tools.list(upstream, gateway.upstreams().options(name));
        } catch (GatewayFailure failure) {
            throw AdminProblem.serverUnavailable(failure.getMessage());
        }
    }

    public ServerLogs logs(String name, int lines) {
        if (lines < 1 || lines > MAX_LOG_LINES) {
            throw AdminProblem.badRequest("'lines' must be between 1 and " + MAX_LOG_LINES);
        }
        Optional<ServerConfig> server = gateway.upstreams().config().server(name);
        Optional<Upstream> upstream = running(name);
        if (server.isEmpty() && upstream.isEmpty()) {
            throw AdminProblem.unknownServer(name);
        }
        List<String> tail = upstream.map(Upstream::stderrTail).orElse(List.of());
        List<String> shown = tail.subList(Math.max(0, tail.size() - lines), tail.size());
        return new ServerLogs(name, server.map(KnownValueRedactor::of).map(r -> r.redact(shown)).orElse(shown));
    }

    private Optional<Upstream> running(String name) {
        return gateway.upstreams().upstream(name);
    }

    private static ServerConfig known(GatewayConfig config, String name) {
        return config.server(name).orElseThrow(() -> AdminProblem.unknownServer(name));
    }

    private ServerSummary summary(Upstream upstream, ServerConfig server) {
        String name = upstream != null ? upstream.name() : server.name();
        String transport = upstream != null ? upstream.transport() : server.transport();
        String start = server == null ? ServerConfig.StartMode.EAGER.label() : server.supervision().start().label();
        boolean enabled = server == null || server.enabled();
        if (upstream == null) {
            return new ServerSummary(name, transport, enabled, start, UpstreamStatus.State.DISABLED.label(), null,
                    0, null);
        }
        UpstreamStatus status = upstream.status();
        return new ServerSummary(name, transport, enabled, start, status.state().label(), status.lastError(),
                status.restarts() + gateway.upstreams().earlierRestarts(name), status.since().toString());
    }
}
