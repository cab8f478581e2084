package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.admin.api.SocketLocation;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.ServeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN invariant 9 says every bound has a counter; this proves each one reaches the metrics. A serve process with
 * small bounds is driven past every one of them, by clients and by a misbehaving stdio server, and
 * {@code /api/metrics} on the management socket must show {@code gatehouse_limit_refusals_total} above zero for
 * each bound, under its own label.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EveryCapHasAMetricTest {

    private static final Pattern REFUSALS = Pattern.compile(
            "gatehouse_limit_refusals_total\\{limit=\"([a-z_]+)\"[^}]*} ([0-9.E]+)");
    private static final String CONFIG = """
            [gateway]
            max_sessions = 6
            max_body_bytes = 65536
            max_json_depth = 16

            [limits]
            requests_per_second = 5
            request_burst = 10
            tool_calls_per_second = 1
            tool_call_burst = 2
            max_streams_per_session = 2
            max_pending_per_session = 1
            max_string_bytes = 4096
            max_header_bytes = 4096
            max_upstream_line_bytes = 1024

            """;

    @TempDir
    Path dir;

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"scripted__"
                + tool + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void eachBoundTrippedShowsUpUnderItsOwnLabelInApiMetrics() throws Exception {
        Path home = dir.resolve("home");
        String config = CONFIG + GatewayHome.scriptedServer("scripted", "timeout_seconds = 60");
        // The executor is closed after the gateway, whose end ends the streams its tasks hold open.
        try (ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
             ServeProcess serve = ServeProcess.start(home, config, Map.of())) {
            int port = serve.port();
            RawHttp raw = new RawHttp(port);

            // Streams per session: the GET stream and a hanging call hold both slots; a third request is refused.
            // The probe is a ping, answered by the gateway itself: a tool call that won a slot first would queue
            // behind the hanging call in the one child and never return. Probes come slower than the session's
            // rate, and a GET or hanging call that lost its slot to a probe is sent again.
            McpSessionClient streams = session(port);
            Callable<RawHttp.Reply> stream = () -> raw.send("GET", "/mcp", List.of("Host: 127.0.0.1:" + port,
                    "Accept: text/event-stream", "Mcp-Session-Id: " + streams.sessionId(),
                    "MCP-Protocol-Version: 2025-11-25"), null);
            Callable<RawHttp.Reply> hanging = () -> streams.post(call(1, "hang", "{}"));
            AtomicReference<Future<RawHttp.Reply>> open = new AtomicReference<>(background.submit(stream));
            AtomicReference<Future<RawHttp.Reply>> held = new AtomicReference<>(background.submit(hanging));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(400)).until(() -> {
                open.getAndUpdate(f -> f.isDone() ? background.submit(stream) : f);
                held.getAndUpdate(f -> f.isDone() ? background.submit(hanging) : f);
                RawHttp.Reply probe = streams.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
                return probe.status() == 429 && probe.body().contains("open streams");
            });

            // Pending calls per session: one hanging call is in flight, a second waits for nothing.
            // The probe is an echo, answered at once whenever it is let through; the hanging call is sent again if
            // it lost its place (to a probe, or to the tool rate).
            McpSessionClient pending = session(port);
            Callable<RawHttp.Reply> pendingHang = () -> pending.post(call(1, "hang", "{}"));
            AtomicReference<Future<RawHttp.Reply>> inFlight = new AtomicReference<>(background.submit(pendingHang));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(400)).until(() -> {
                inFlight.getAndUpdate(f -> f.isDone() ? background.submit(pendingHang) : f);
                RawHttp.Reply probe = pending.post(call(2, "echo", "{\"text\":\"x\"}"));
                return probe.status() == 429 && probe.body().contains("requests pending");
            });

            // Per-tool and per-session rates.
            McpSessionClient tools = session(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> tools.post(call(3, "echo", "{\"text\":\"x\"}"))
                    .status() == 429);
            McpSessionClient pings = session(port);
            await().atMost(Duration.ofSeconds(30)).until(() -> pings.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}").status() == 429);

            // Sizes: body, string, depth, header.
            assertThat(pings.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\",\"params\":{\"x\":\""
                    + "a".repeat(70_000) + "\"}}").status()).isEqualTo(413);
            assertThat(pings.post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\",\"params\":{\"x\":\""
                    + "a".repeat(5_000) + "\"}}").status()).isEqualTo(400);
            assertThat(pings.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":"
                    + "[".repeat(40) + "]".repeat(40) + "}").status()).isEqualTo(400);
            assertThat(raw.send("GET", "/healthz", List.of("Host: localhost", "X-Big: " + "b".repeat(8192)), null)
                    .status()).isEqualTo(431);

            // The server: an oversized output line, and a flood of notifications past the throttle's burst.
            McpSessionClient server = session(port);
            server.post(call(8, "noise", "{\"bytes\":5000}"));
            McpSessionClient flood = session(port);
            flood.post(call(9, "progress", "{\"steps\":1500,\"intervalMs\":0}"));

            // Sessions: more than max_sessions are refused.
            await().atMost(Duration.ofSeconds(30)).until(() -> new McpSessionClient(port, "/mcp").initialize()
                    .status() == 503);

            try (ApiCall api = new ApiCall(SocketLocation.socket(home, System::getenv))) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    String metrics = api.send("GET", "/api/metrics", null).getContentAsString();
                    Map<String, Double> refusals = refusals(metrics);
                    for (LimitCounters.Limit limit : LimitCounters.Limit.values()) {
                        assertThat(refusals).as("refusals of %s in\n%s", limit.label(), metrics)
                                .hasEntrySatisfying(limit.label(), count -> assertThat(count).isPositive());
                    }
                });
            }
            background.shutdownNow();
        }
    }

    private static McpSessionClient session(int port) throws Exception {
        McpSessionClient client = new McpSessionClient(port, "/mcp");
        assertThat(client.initialize().status()).isEqualTo(200);
        return client;
    }

    private static Map<String, Double> refusals(String metrics) {
        Map<String, Double> found = new java.util.HashMap<>();
        Matcher matcher = REFUSALS.matcher(metrics);
        while (matcher.find()) {
            found.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return found;
    }
}
