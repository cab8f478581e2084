package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.PendingCall;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.testing.RecordingEvents;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StdioUpstreamTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RecordingEvents events = new RecordingEvents();
    @RegisterExtension
    final ChildFixture children = new ChildFixture();

    private StdioUpstream upstream(ServerConfig config) {
        return upstream(config, children.options());
    }

    private StdioUpstream upstream(ServerConfig config, StdioOptions withOptions) {
        return children.upstream(config, events, withOptions);
    }

    private static Message.Request tool(String name, Map<String, ?> arguments) {
        ObjectNode params = NODES.objectNode().put("name", name);
        params.set("arguments", ScriptedServers.arguments(arguments));
        return new Message.Request(RequestId.of("downstream-1"), "tools/call", params);
    }

    private static Message.Request withProgressToken(Message.Request request, String token) {
        ObjectNode params = request.params().deepCopy();
        params.putObject("_meta").put("progressToken", token);
        return request.withParams(params);
    }

    private static Message.Response answer(PendingCall call) throws Exception {
        return call.response().get(30, TimeUnit.SECONDS);
    }

    private static String text(Message.Response response) {
        assertThat(response.isError()).as("error %s", response.error()).isFalse();
        return response.result().path("content").path(0).path("text").asString();
    }

    private static Throwable failureOf(PendingCall call) {
        try {
            call.response().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    private JsonNode seen(StdioUpstream upstream) throws Exception {
        return answer(upstream.call(tool("seen", Map.of()), CallOptions.DEFAULT)).result().path("structuredContent");
    }

    @Test
    void handshakeNegotiatesTheLatestVersionAndReportsTheServer() {
        StdioUpstream upstream = upstream(ScriptedServers.config());

        ServerHandshake handshake = upstream.handshake();

        assertThat(handshake.protocolVersion()).isEqualTo(ProtocolVersions.LATEST);
        assertThat(handshake.serverInfo().path("name").asString()).isEqualTo("scripted");
        assertThat(handshake.instructions()).isEqualTo("for tests");
        assertThat(handshake.hasCapability("tools")).isTrue();
        assertThat(upstream.status().state()).isEqualTo(State.READY);
        assertThat(events.states()).containsExactly(State.STARTING, State.READY);
        assertThat(upstream.handshake()).as("cached while the child lives").isSameAs(handshake);
        await().untilAsserted(() -> assertThat(upstream.stderrTail()).contains("scripted server starting"));
    }

    @Test
    void handshakeAcceptsAnOlderSupportedVersion() {
        StdioUpstream upstream = upstream(ScriptedServers.config("--version", "2025-03-26"));

        assertThat(upstream.handshake().protocolVersion()).isEqualTo("2025-03-26");
    }

    @Test
    void handshakeRefusesAnUnsupportedVersionAndStopsTheChild() {
        StdioUpstream upstream = upstream(ScriptedServers.config("--version", "1999-01-01"));

        assertThatThrownBy(upstream::handshake)
                .isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("'scripted'")
                .hasMessageContaining("1999-01-01")
                .hasMessageContaining(ProtocolVersions.LATEST);
        assertThat(upstream.status().state()).isEqualTo(State.FAILED);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(ProcessHandle.current().children().toList()).isEmpty());
    }

    @Test
    void concurrentCallsFromManyThreadsAreMatchedById() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String text = "message-" + i;
                answers.add(threads.submit(() -> text(answer(
                        upstream.call(tool("echo", Map.of("text", text)), CallOptions.DEFAULT)))));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("message-" + i);
            }
        }
        assertThat(events.states()).as("one shared start").containsExactly(State.STARTING, State.READY);
    }

    @Test
    void environmentIsClearedExceptAllowlistAndDeclaredEnv() throws Exception {
        Map<String, String> gateway = Map.of("PATH", System.getenv("PATH"), "HOME", "/home/gatehouse-test",
                "LC_ALL", "C.UTF-8", "GATEHOUSE_TEST_SECRET", "must-not-leak", "JAVA_TOOL_OPTIONS", "-Dleak=1");
        ServerConfig config = ScriptedServers.config(Map.of("DECLARED_TOKEN", "declared-value"),
                Duration.ofSeconds(20));
        StdioUpstream upstream = upstream(config, children.options().withGatewayEnvironment(gateway));

        JsonNode env = answer(upstream.call(tool("env", Map.of()), CallOptions.DEFAULT))
                .result().path("structuredContent");

        Set<String> names = new HashSet<>(env.propertyNames());
        assertThat(names).containsExactlyInAnyOrder("PATH", "HOME", "LC_ALL", "DECLARED_TOKEN");
        assertThat(env.path("HOME").asString()).isEqualTo("/home/gatehouse-test");
        assertThat(env.path("DECLARED_TOKEN").asString()).isEqualTo("declared-value");
    }

    @Test
    void secretReferencesInEnvAreResolvedEachTimeTheChildIsSpawned() throws Exception {
        AtomicInteger resolutions = new AtomicInteger();
        SecretResolver vault = name -> {
            resolutions.incrementAndGet();
            return Secret.copyOf(name, ("value-of-" + name).toCharArray());
        };
        StdioUpstream upstream = children.track(new StdioUpstream(ScriptedServers.config(
                Map.of("TOKEN", "Bearer ${secret:api-key}"), Duration.ofSeconds(20)), events, children.spawner(),
                children.options(), vault));

        JsonNode env = answer(upstream.call(tool("env", Map.of()), CallOptions.DEFAULT))
                .result().path("structuredContent");

        assertThat(env.path("TOKEN").asString()).isEqualTo("Bearer value-of-api-key");
        assertThat(resolutions).hasValue(1);
    }

    @Test
    void aMissingSecretStopsTheServerAsFailedNamingTheSecretAndTheVariable() {
        StdioUpstream upstream = upstream(ScriptedServers.config(Map.of("TOKEN", "${secret:absent}"),
                Duration.ofSeconds(20)));

        Throwable failure = failureOf(upstream.call(tool("env", Map.of()), CallOptions.DEFAULT));

        assertThat(failure).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("env.TOKEN: secret 'absent' is not in the vault");
        assertThat(upstream.status().state()).isEqualTo(State.FAILED);
        assertThat(upstream.status().lastError()).contains("secret 'absent'");
        assertThat(upstream.pid()).isEmpty();
    }

    @Test
    void variablesOfTheRealGatewayEnvironmentOutsideTheAllowlistDoNotReachTheChild() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());

        JsonNode env = answer(upstream.call(tool("env", Map.of()), CallOptions.DEFAULT))
                .result().path("structuredContent");

        Set<String> leaked = new HashSet<>(System.getenv().keySet());
        leaked.removeIf(name -> ChildLaunch.ALLOWED.contains(name) || name.startsWith("LC_"));
        assertThat(leaked).as("the test JVM has variables outside the allowlist").isNotEmpty();
        assertThat(env.propertyNames()).doesNotContainAnyElementsOf(leaked);
        assertThat(env.path("PATH").asString()).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void crashMidCallFailsEveryCallAtOnceNamingTheServerAndExitCodeAndTheNextCallRestartsIt() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        upstream.handshake();
        long firstPid = upstream.pid().orElseThrow();
        PendingCall hanging = upstream.call(tool("hang", Map.of()), CallOptions.DEFAULT);

        long started = System.nanoTime();
        PendingCall crashing = upstream.call(tool("crash", Map.of("code", 3)), CallOptions.DEFAULT);

        for (PendingCall call : List.of(crashing, hanging)) {
            assertThat(failureOf(call))
                    .isInstanceOf(GatewayFailure.UpstreamExited.class)
                    .hasMessageContaining("'scripted'")
                    .hasMessageContaining("exited with code 3");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(upstream.status().state()).isEqualTo(State.BACKOFF);
        assertThat(upstream.status().lastError()).isEqualTo("exited with code 3");

        assertThat(text(answer(upstream.call(tool("echo", Map.of("text", "again")), CallOptions.DEFAULT))))
                .isEqualTo("again");
        assertThat(upstream.status().restarts()).isEqualTo(1);
        assertThat(upstream.pid().orElseThrow()).isNotEqualTo(firstPid);
        assertThat(upstream.stderrTail()).filteredOn(line -> line.startsWith("[gatehouse] started pid")).hasSize(2);
    }

    @Test
    void timeoutFiresAndSendsCancelledUpstream() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        upstream.handshake();

        long started = System.nanoTime();
        PendingCall call = upstream.call(tool("hang", Map.of()), new CallOptions(Duration.ofMillis(500)));

        assertThat(failureOf(call)).isInstanceOf(GatewayFailure.UpstreamTimeout.class)
                .hasMessageContaining("'scripted'").hasMessageContaining("tools/call").hasMessageContaining("500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(450),
                Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode seen = seen(upstream);
            assertThat(seen.path("cancelled")).hasSize(1);
            assertThat(seen.path("cancelled").path(0).path("requestId")).isEqualTo(seen.path("hangs").path(0));
            assertThat(seen.path("cancelled").path(0).path("reason").asString()).contains("timed out");
        });
    }

    @Test
    void progressNotificationsExtendTheTimeout() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        upstream.handshake();
        Message.Request request = withProgressToken(
                tool("progress", Map.of("steps", 6, "intervalMs", 300)), "token-7");

        PendingCall call = upstream.call(request, new CallOptions(Duration.ofMillis(800)));

        assertThat(text(answer(call))).isEqualTo("done after 6 steps");
        assertThat(events.notifications).filteredOn(n -> n.method().equals("notifications/progress"))
                .hasSize(6)
                .allSatisfy(n -> assertThat(n.params().path("progressToken").asString()).isEqualTo("token-7"));
    }

    @Test
    void cancelSendsNotificationsCancelledWithTheUpstreamId() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        upstream.handshake();
        PendingCall call = upstream.call(tool("hang", Map.of()), CallOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen(upstream).path("hangs").size() == 1);

        call.cancel("user pressed stop");

        assertThat(failureOf(call)).isInstanceOf(CancellationException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode seen = seen(upstream);
            assertThat(seen.path("cancelled")).hasSize(1);
            JsonNode cancelled = seen.path("cancelled").path(0);
            assertThat(cancelled.path("requestId")).isEqualTo(seen.path("hangs").path(0));
            assertThat(cancelled.path("reason").asString()).isEqualTo("user pressed stop");
        });
        call.cancel("twice");
        assertThat(seen(upstream).path("cancelled")).as("a finished call is not cancelled again").hasSize(1);
    }

    @Test
    void serverToClientRequestRoundTrips() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        events.answerRequestsWith((from, request) -> Thread.ofVirtual().start(() -> {
            ObjectNode result = NODES.objectNode().put("role", "assistant").put("model", "test");
            result.putObject("content").put("type", "text").put("text", "a sampled answer");
            from.reply(Message.Response.success(request.id(), result));
        }));

        String answer = text(answer(upstream.call(tool("sample", Map.of()), CallOptions.DEFAULT)));

        assertThat(answer).isEqualTo("sampled: a sampled answer");
        assertThat(events.requests).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("sampling/createMessage");
            assertThat(request.id()).isEqualTo(RequestId.of("s1"));
        });
    }

    @Test
    void aServerPingIsAnsweredByTheGatewayItself() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());

        assertThat(text(answer(upstream.call(tool("ping", Map.of()), CallOptions.DEFAULT)))).isEqualTo("pong true");
        assertThat(events.requests).isEmpty();
    }

    @Test
    void oversizedAndNonJsonRpcLinesAreSkippedAndLaterLinesStillWork() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config(), children.options().withMaxLineBytes(4096));

        assertThat(text(answer(upstream.call(tool("noise", Map.of("bytes", 100_000)), CallOptions.DEFAULT))))
                .isEqualTo("after noise");
        assertThat(text(answer(upstream.call(tool("echo", Map.of("text", "still here")), CallOptions.DEFAULT))))
                .isEqualTo("still here");
        assertThat(upstream.status().state()).isEqualTo(State.READY);
    }

    @Test
    void callsBeyondTheLimitInFlightFailWithLimitExceeded() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config(), children.options().withMaxPendingCalls(2));
        upstream.handshake();
        upstream.call(tool("hang", Map.of()), CallOptions.DEFAULT);
        upstream.call(tool("hang", Map.of()), CallOptions.DEFAULT);

        assertThat(failureOf(upstream.call(tool("echo", Map.of("text", "x")), CallOptions.DEFAULT)))
                .isInstanceOf(GatewayFailure.LimitExceeded.class)
                .hasMessageContaining("'scripted'").hasMessageContaining("at most 2");
    }

    @Test
    void aCommandThatCannotBeFoundLeavesTheServerFailedWithAClearMessage() {
        ServerConfig config = new ServerConfig("missing", "gatehouse-no-such-command", List.of(), Map.of(), null,
                true, Duration.ofSeconds(5));
        StdioUpstream upstream = upstream(config);

        assertThatThrownBy(upstream::handshake)
                .isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("'missing'")
                .hasMessageContaining("command 'gatehouse-no-such-command' was not found")
                .hasMessageNotContaining(System.getenv("PATH"));
        assertThat(upstream.status().state()).isEqualTo(State.FAILED);
        assertThat(upstream.status().lastError()).contains("was not found");
        assertThat(failureOf(upstream.call(tool("echo", Map.of()), new CallOptions(Duration.ofMillis(10)))))
                .as("during backoff a short call fails fast").isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("restarting in");
    }

    @Test
    void aDisabledServerIsNeverStarted() {
        ServerConfig enabled = ScriptedServers.config();
        ServerConfig disabled = new ServerConfig(enabled.name(), enabled.command(), enabled.args(), enabled.env(),
                null, false, enabled.timeout());
        StdioUpstream upstream = upstream(disabled);

        assertThat(upstream.status().state()).isEqualTo(State.DISABLED);
        assertThatThrownBy(upstream::handshake).hasMessageContaining("disabled");
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
    }

    @Test
    void closeFailsCallsInFlightAndIsIdempotent() throws Exception {
        StdioUpstream upstream = upstream(ScriptedServers.config());
        upstream.handshake();
        PendingCall call = upstream.call(tool("hang", Map.of()), CallOptions.DEFAULT);

        upstream.close();
        upstream.close();

        assertThat(failureOf(call)).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("shut down");
        assertThat(upstream.status().state()).isEqualTo(State.STOPPED);
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
        assertThatThrownBy(upstream::handshake).hasMessageContaining("shut down");
    }

    @Test
    void closeKillsAChildThatIgnoresStdinEofAndSigtermAndItsDescendants() {
        List<String> server = ScriptedServers.javaCommand("--ignore-stdin-eof");
        List<String> args = new ArrayList<>(List.of("-c", "trap '' TERM; sleep 300 & exec \"$@\"", "sh"));
        args.addAll(server);
        ServerConfig config = new ServerConfig("stubborn", "sh", args, Map.of(), null, true, Duration.ofSeconds(20));
        StdioUpstream upstream = upstream(config);
        upstream.handshake();
        ProcessHandle child = ProcessHandle.of(upstream.pid().orElseThrow()).orElseThrow();
        List<ProcessHandle> descendants = child.descendants().toList();
        assertThat(descendants).as("the background sleep").isNotEmpty();

        long started = System.nanoTime();
        upstream.close();

        assertThat(child.isAlive()).isFalse();
        // The orphaned sleep is reaped by init, not by us: allow it a moment to leave the process table.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(descendants).noneMatch(ProcessHandle::isAlive));
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("stdin EOF and SIGTERM were each given their grace").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}
