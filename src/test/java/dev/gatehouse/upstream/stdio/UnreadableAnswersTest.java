package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.testing.RecordingEvents;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A child that answers a call with a line the gateway cannot read (over the line limit, over the 4 MiB string
 * limit, or cut short) fails that call at once with a reason naming the server, instead of leaving it to wait out
 * its 60 s timeout; an unreadable notification before it fails nothing, and the server keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnreadableAnswersTest {

    private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(60);
    /** Far below the server's timeout, and generous for a loaded machine. */
    private static final long AT_ONCE_MILLIS = 20_000;

    private final RecordingEvents events = new RecordingEvents();
    private ScheduledExecutorService scheduler;
    private ChildSpawner spawner;
    private StdioUpstream upstream;

    @BeforeEach
    void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        spawner = ChildSpawner.start();
    }

    @AfterEach
    void tearDown() {
        if (upstream != null) {
            upstream.close();
        }
        spawner.close();
        scheduler.shutdownNow();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.current().descendants().toList()).isEmpty());
    }

    private void start(int maxLineBytes) {
        StdioOptions options = StdioOptions.defaults(scheduler).withMaxLineBytes(maxLineBytes)
                .withStopGrace(Duration.ofMillis(500));
        upstream = new StdioUpstream(ScriptedServers.config(Map.of(), SERVER_TIMEOUT), events, spawner, options);
        upstream.handshake();
    }

    private Message.Request tool(String name, Map<String, ?> arguments) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("name", name);
        params.set("arguments", ScriptedServers.arguments(arguments));
        return new Message.Request(RequestId.of("downstream-1"), "tools/call", params);
    }

    private Throwable failureOf(String shape, int bytes) throws Exception {
        long started = System.nanoTime();
        try {
            upstream.call(tool("unreadable", Map.of("shape", shape, "bytes", bytes)), CallOptions.DEFAULT)
                    .response().get(SERVER_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(AT_ONCE_MILLIS);
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    private void stillWorks() throws Exception {
        Message.Response echo = upstream.call(tool("echo", Map.of("text", "still here")), CallOptions.DEFAULT)
                .response().get(30, TimeUnit.SECONDS);
        assertThat(echo.result().path("content").path(0).path("text").asString()).isEqualTo("still here");
        assertThat(upstream.status().state()).isEqualTo(State.READY);
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource({"first, text", "last, idLast"})
    void anAnswerOverTheLineLimitFailsItsCallAtOnce(String where, String shape) throws Exception {
        start(64 * 1024);

        assertThat(failureOf(shape, 200_000)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageStartingWith("Server 'scripted' is unavailable: it answered tools/call with a ")
                .hasMessageEndingWith("-byte message, over the 65536-byte limit for one line");
        stillWorks();
    }

    @Test
    void anAnswerWithAStringOverTheFourMebibyteLimitFailsItsCallAtOnce() throws Exception {
        start(StdioOptions.DEFAULT_MAX_LINE_BYTES);

        assertThat(failureOf("text", 5 * 1024 * 1024)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageStartingWith("Server 'scripted' is unavailable: it answered tools/call with a message"
                        + " that cannot be read (");
        stillWorks();
    }

    @Test
    void anAnswerCutShortFailsItsCallAtOnce() throws Exception {
        start(64 * 1024);

        assertThat(failureOf("broken", 10)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageStartingWith("Server 'scripted' is unavailable: it answered tools/call with a message"
                        + " that cannot be read (Parse error");
        stillWorks();
    }
}
