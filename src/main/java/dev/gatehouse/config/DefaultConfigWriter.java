package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the config.toml a first start leaves behind: valid as it stands (no servers, default settings),
 * and explaining each key so that a user can edit it without opening the documentation.
 */
public final class DefaultConfigWriter {

    private DefaultConfigWriter() {
    }

    /**
     * Writes the default config if {@code configFile} does not exist; says whether it did. Two first starts
     * racing each other would both write the same text, so the gap between the check and the write is benign.
     */
    public static boolean writeIfMissing(Path configFile) throws IOException {
        if (Files.exists(configFile)) {
            return false;
        }
        AtomicFile.writeString(configFile, defaultText());
        return true;
    }

    /** The default config text; the settings it names are {@link GatewaySettings#DEFAULTS}. */
    public static String defaultText() {
        GatewaySettings defaults = GatewaySettings.DEFAULTS;
        CaptureSettings capture = CaptureSettings.DEFAULTS;
        LimitSettings limits = LimitSettings.DEFAULTS;
        return """
                # Gatehouse configuration.
                #
                # The gateway reads this file when it starts. Unknown keys and wrong values are errors, reported
                # with their line and column, so a typo never silently does nothing. This file never holds a
                # secret: credentials are kept encrypted in the gateway's vault, not here.

                [gateway]
                # The TCP port of the MCP endpoint that clients connect to. The gateway listens on loopback only
                # (127.0.0.1 and ::1), so no other machine can reach it. 0 picks a free port.
                port = %d

                # The largest request body accepted, in bytes (at least 1024).
                # max_body_bytes = %d

                # The deepest nesting of JSON accepted in one message (8 to 1000).
                # max_json_depth = %d

                # The most client sessions open at once (1 to 100000).
                # max_sessions = %d

                # Minutes after which an idle client session ends (at least 1).
                # session_idle_minutes = %d

                # Seconds that SIGINT/SIGTERM waits for requests in flight before stopping the servers (0 to 300).
                # shutdown_grace_seconds = %d

                # true: every MCP request must carry "Authorization: Bearer TOKEN", the token shown by
                # 'gatehouse token show'. On Linux other local users are refused anyway; elsewhere the token is
                # always required.
                # require_token = false

                # A tool seen for the first time: "auto" approves (pins) it at once, "manual" hides it until
                # 'gatehouse tools approve'. A tool whose definition changes after approval is always hidden
                # until approved again.
                # approve_new_tools = "auto"

                [capture]
                # Every exchange with a server is recorded in traffic.db in this directory, with credentials
                # redacted, for `gatehouse logs`. Records older than this many days are deleted (1 to 36500).
                # max_age_days = %d

                # The most space records may take, in MiB (1 to 1048576); the oldest go first. The file is never
                # allowed to grow past twice this.
                # max_size_mb = %d

                # Records waiting to be written (64 to 1000000). When it is full, records are dropped and counted,
                # never waited for, so recording cannot slow traffic down.
                # queue_capacity = %d

                # The most memory, in MiB, that records waiting to be written may hold (1 to 4096); bodies are
                # weighed by their size. Past it, records are dropped and counted in the same way.
                # queue_max_mb = %d

                # Bodies longer than this many KiB are cut (0 to 65536).
                # max_body_kb = %d

                # [limits]
                # Token-bucket rates per client session: requests of any kind, and calls of any one tool.
                # requests_per_second = %d
                # request_burst = %d
                # tool_calls_per_second = %d
                # tool_call_burst = %d
                # Responses one session may have open at once (streams), and calls it may have pending.
                # max_streams_per_session = %d
                # max_pending_per_session = %d
                # The longest JSON string, the largest request head, the longest line a server may write.
                # max_string_bytes = %d
                # max_header_bytes = %d
                # max_upstream_line_bytes = %d
                # How long a legacy tasks/result (which the server holds until its task ends) waits for a sign of
                # the task's life, within the task's own ttl.
                # max_task_result_seconds = %d

                # Each [profiles.NAME] table is a named subset of the servers with an endpoint of its own,
                # http://127.0.0.1:PORT/p/NAME/mcp ('gatehouse connect --profile NAME' for clients that only start
                # commands). Its clients see and reach only those servers, named as on /mcp (NAME__tool); the
                # others are invisible to them. NAME follows the rule for server names below.
                #
                # [profiles.coding]
                # # The servers it shows (required), by their [servers.NAME] names; "gatehouse" is the gateway's
                # # own built-in server. A disabled server stays listed and appears once it is enabled.
                # servers = ["everything", "remote-example"]
                # # What it is for, shown by 'gatehouse profile list' (optional).
                # description = "what my editor needs"

                # Each [servers.NAME] table is an MCP server: one the gateway starts as a child process and talks
                # to over its standard input and output, or a remote one it reaches at a URL. Clients see its
                # tools as NAME__tool. NAME is 1 to 63 letters, digits, '_' or '-', starts with a letter or
                # digit, has no '__' and is not 'gatehouse'.
                #
                # To add the MCP reference server "everything", remove the leading "# " from the lines below
                # and set the path to where npm installed it.
                #
                # [servers.everything]
                # # The program to run (required).
                # command = "node"
                # # Its arguments, one string each.
                # args = ["/path/to/node_modules/@modelcontextprotocol/server-everything/dist/index.js", "stdio"]
                # # Environment variables it gets. A server starts from an almost empty environment (PATH, HOME,
                # # LANG and a few more), so name here what it needs. Names are letters, digits and '_'.
                # env = { LOG_LEVEL = "info" }
                # # The directory it runs in, as an absolute path (optional).
                # cwd = "/tmp"
                # # Which MCP era it speaks: "auto" asks server/discover first and falls back to initialize;
                # # "legacy" never asks (no delay for servers that ignore unknown methods); "modern" insists.
                # era = "auto"
                # # false keeps the server configured but not started.
                # enabled = true
                # # Seconds a request may wait for this server's answer (1 to 3600).
                # timeout_seconds = %d
                # # "eager" starts it with the gateway and again after a crash; "lazy" on first use.
                # start = "eager"
                # # Seconds between health-check pings; a server that stops answering is restarted. 0 turns it off.
                # health_check_seconds = %d
                # # Minutes without use after which the server is stopped (it starts again on next use). 0: never.
                # idle_shutdown_minutes = 0
                # # How much of its traffic is recorded: "full" (redacted bodies and headers), "metadata"
                # # (method, tool, timing, size, outcome; no bodies) or "off".
                # capture = "full"
                # # Which of its tools clients may see and call, as globs over the server's own tool names
                # # ('*' and '?'). An empty allow list allows all; deny wins.
                # allow_tools = ["*"]
                # deny_tools = []
                # # Overrides [gateway] approve_new_tools for this server.
                # approve_new_tools = "auto"
                #
                # [servers.remote-example]
                # # A remote server has a url instead of a command: https, or plain http only to a loopback host.
                # url = "https://mcp.example.com/mcp"
                # # Headers sent with each request. A credential goes in the vault and is referenced, as in
                # # X-Api-Key = "${secret:docs-key}" (also allowed in the url's query values, nowhere else).
                # headers = { X-Team = "docs" }
                # # "auto" (the default) tries Streamable HTTP and falls back to the older HTTP+SSE transport the
                # # way the MCP specification describes; "streamable-http" or "sse" insists on one.
                # transport = "auto"
                # # "auto" signs in with OAuth when the server answers 401; "oauth" asks you to sign in before the
                # # first request (gatehouse auth login NAME).
                # auth = "auto"
                # # A client you registered with the server's authorization server yourself (optional): its id,
                # # its secret as a vault reference, and the scopes always asked for.
                # oauth = { client_id = "gatehouse-docs", client_secret = "${secret:docs-client-secret}", scopes = ["read"] }
                """.formatted(defaults.port(), defaults.maxBodyBytes(), defaults.maxJsonDepth(),
                defaults.maxSessions(), defaults.sessionIdleTimeout().toMinutes(), defaults.shutdownGrace().toSeconds(),
                capture.maxAge().toDays(), capture.maxBytes() / (1024 * 1024), capture.queueCapacity(),
                capture.queueBytes() / (1024 * 1024), capture.maxBodyBytes() / 1024, limits.requestsPerSecond(), limits.requestBurst(),
                limits.toolCallsPerSecond(), limits.toolCallBurst(), limits.maxStreamsPerSession(),
                limits.maxPendingPerSession(), limits.maxStringBytes(), limits.maxHeaderBytes(),
                limits.maxUpstreamLineBytes(), limits.maxTaskResultWait().toSeconds(),
                ServerConfig.DEFAULT_TIMEOUT.toSeconds(),
                ServerConfig.Supervision.DEFAULT_HEALTH_INTERVAL.toSeconds());
    }
}
