package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.SecuritySettings;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A bounded load test: one session is driven past its rate limit and every cap while a second session, calling
 * a real stdio server through the same gateway at a modest pace, keeps getting answers with normal latency. Runs
 * for a few seconds and prints its figures.
 */
@Timeout(120)
class OneSessionHammeredLoadTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    private static final Duration HAMMER = Duration.ofSeconds(4);
    private static final LimitSettings LIMITS = new LimitSettings(20, 20, 10, 10, 4, 2, 64 * 1024, 4096,
            LimitSettings.DEFAULTS.maxUpstreamLineBytes());

    private static String call(String tool, int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{}}}";
    }

    private static boolean refusedForRate(RawHttp.Reply reply) {
        if (reply.status() != 429) {
            return false;
        }
        assertThat(Long.parseLong(reply.header("Retry-After"))).isPositive();
        assertThat(McpSessionClient.response(reply).path("error").path("code").asInt()).isEqualTo(-32029);
        return true;
    }

    @Test
    void aHammeredSessionIsLimitedWhileAnotherKeepsItsLatency() throws Exception {
        List<String> fixture = ConformanceFixtureServer.command();
        ServerConfig server = new ServerConfig("fixture", fixture.getFirst(), fixture.subList(1, fixture.size()),
                Map.of(), null, true, Duration.ofSeconds(30));
        GatewaySettings settings = new GatewaySettings(0, 256 * 1024, 32, 6, Duration.ofMinutes(30));
        try (RunningGateway gateway = RunningGateway.start(new GatewayConfig(settings, List.of(server), LIMITS,
                SecuritySettings.DEFAULTS));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            McpSessionClient hammered = new McpSessionClient(gateway.port(), "/mcp");
            McpSessionClient calm = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(hammered.initialize().status()).isEqualTo(200);
            assertThat(calm.initialize().status()).isEqualTo(200);
            assertThat(McpSessionClient.response(calm.post(call("fixture__test_simple_text", 1))).has("result"))
                    .isTrue();
            LimitCounters counters = gateway.gateway().limitCounters();

            // Caps on concurrency: six slow calls at once against four streams and two pending calls.
            List<Future<RawHttp.Reply>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int id = 100 + i;
                slow.add(threads.submit(() -> hammered.post(call("fixture__test_reconnection", id))));
            }
            int slowRefused = 0;
            for (Future<RawHttp.Reply> reply : slow) {
                slowRefused += refusedForRate(reply.get(30, TimeUnit.SECONDS)) ? 1 : 0;
            }
            assertThat(slowRefused).isBetween(1, 5);
            assertThat(counters.count(LimitCounters.Limit.STREAMS_PER_SESSION)
                    + counters.count(LimitCounters.Limit.PENDING_PER_SESSION)).isEqualTo(slowRefused);

            // Caps on size and sessions, hit from the hammered side.
            RawHttp raw = new RawHttp(gateway.port());
            assertThat(hammered.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\""
                    + "a".repeat(300 * 1024) + "\"}}").status()).isEqualTo(413);
            assertThat(hammered.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\""
                    + "a".repeat(100 * 1024) + "\"}}").status()).isEqualTo(400);
            assertThat(hammered.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":"
                    + "[".repeat(40) + "]".repeat(40) + "}").status()).isEqualTo(400);
            assertThat(raw.send("GET", "/healthz", List.of("Host: localhost", "X-Big: " + "b".repeat(8192)), null)
                    .status()).isEqualTo(431);
            List<McpSessionClient> extra = new ArrayList<>();
            int sessionRefusals = 0;
            for (int i = 0; i < 6; i++) {
                McpSessionClient more = new McpSessionClient(gateway.port(), "/mcp");
                int status = more.initialize().status();
                if (status == 200) {
                    extra.add(more);
                } else {
                    assertThat(status).isEqualTo(503);
                    sessionRefusals++;
                }
            }
            assertThat(sessionRefusals).isPositive();
            for (McpSessionClient more : extra) {
                more.delete();
            }

            // The calm session's latency alone, for comparison.
            List<Long> baseline = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                RawHttp.Reply reply = calm.post(call("fixture__test_simple_text", 500 + i));
                baseline.add((System.nanoTime() - started) / 1_000_000);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                Thread.sleep(150);
            }
            Collections.sort(baseline);
            long baselineP50 = baseline.get(baseline.size() / 2);

            // Rate: eight threads ping as fast as they can for a few seconds; the calm session calls a tool
            // every 150 ms meanwhile.
            AtomicInteger hammeredOk = new AtomicInteger();
            AtomicInteger hammeredLimited = new AtomicInteger();
            long end = System.nanoTime() + HAMMER.toNanos();
            List<Future<?>> hammers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                hammers.add(threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        RawHttp.Reply reply = hammered.post(PING);
                        if (reply.status() == 200) {
                            hammeredOk.incrementAndGet();
                        } else if (refusedForRate(reply)) {
                            hammeredLimited.incrementAndGet();
                        } else {
                            throw new AssertionError("unexpected " + reply.status() + " " + reply.body());
                        }
                    }
                    return null;
                }));
            }
            ConcurrentLinkedQueue<Long> calmMillis = new ConcurrentLinkedQueue<>();
            int calmCalls = 0;
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                RawHttp.Reply reply = calm.post(call("fixture__test_simple_text", 1000 + calmCalls++));
                calmMillis.add((System.nanoTime() - started) / 1_000_000);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                JsonNode answer = McpSessionClient.response(reply);
                assertThat(answer.path("result").path("content").get(0).path("text").asString()).isNotEmpty();
                Thread.sleep(150);
            }
            for (Future<?> hammer : hammers) {
                hammer.get(30, TimeUnit.SECONDS);
            }

            List<Long> sorted = new ArrayList<>(calmMillis);
            Collections.sort(sorted);
            long p50 = sorted.get(sorted.size() / 2);
            long p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
            System.out.printf("hammered: %d answered, %d refused with 429 in %d s (limit %d/s, burst %d);"
                            + " calm: %d calls, p50 %d ms (alone %d ms), p95 %d ms, max %d ms; counters %s%n",
                    hammeredOk.get(), hammeredLimited.get(), HAMMER.toSeconds(), LIMITS.requestsPerSecond(),
                    LIMITS.requestBurst(), sorted.size(), p50, baselineP50, p95, sorted.getLast(),
                    counters.snapshot());
            // Nothing past the bucket: its burst plus its rate for the time (and one second of slack).
            assertThat(hammeredOk.get()).isLessThanOrEqualTo(
                    LIMITS.requestBurst() + LIMITS.requestsPerSecond() * (int) (HAMMER.toSeconds() + 1));
            assertThat(hammeredLimited.get()).isPositive();
            assertThat(sorted).hasSizeGreaterThanOrEqualTo(10);
            // Normal latency: the typical call is as quick as when the session is alone, give or take the two
            // cores the hammering threads share with it; no call waits for the hammered session's limits.
            assertThat(p50).isLessThan(baselineP50 + 200);
            assertThat(sorted.getLast()).isLessThan(5_000);
            // Every 429 the hammered session saw was counted under its rate or one of its concurrency caps.
            assertThat(counters.count(LimitCounters.Limit.SESSION_RATE)
                    + counters.count(LimitCounters.Limit.STREAMS_PER_SESSION)
                    + counters.count(LimitCounters.Limit.PENDING_PER_SESSION))
                    .isEqualTo(hammeredLimited.get() + slowRefused);
            assertThat(counters.count(LimitCounters.Limit.BODY_BYTES)).isEqualTo(1);
            assertThat(counters.count(LimitCounters.Limit.STRING_LENGTH)).isEqualTo(1);
            assertThat(counters.count(LimitCounters.Limit.JSON_DEPTH)).isEqualTo(1);
            assertThat(counters.count(LimitCounters.Limit.HEADER_BYTES)).isEqualTo(1);
            assertThat(counters.count(LimitCounters.Limit.SESSIONS)).isEqualTo(sessionRefusals);

            // A tool called faster than its own bucket is refused for that tool, naming it.
            McpSessionClient toolHammer = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(toolHammer.initialize().status()).isEqualTo(200);
            RawHttp.Reply last = null;
            for (int i = 0; i < LIMITS.toolCallBurst() + 2 && (last == null || last.status() == 200); i++) {
                last = toolHammer.post(call("fixture__test_simple_text", i));
            }
            assertThat(refusedForRate(last)).isTrue();
            assertThat(McpSessionClient.response(last).path("error").path("message").asString())
                    .contains("calls of fixture__test_simple_text");
            assertThat(counters.count(LimitCounters.Limit.TOOL_RATE)).isPositive();
            assertThat(calm.post(call("fixture__test_simple_text", 9999)).status()).isEqualTo(200);
        }
    }
}
