package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.CallOptions;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.UpstreamStatus.State;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.testing.RecordingEvents;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Era detection on stdio against real child processes: modern, legacy, and legacy servers that mishandle the probe. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StdioEraTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RecordingEvents events = new RecordingEvents();
    @RegisterExtension
    final ChildFixture children = new ChildFixture();

    private StdioUpstream upstream(String... serverArgs) {
        return upstream(ServerConfig.Era.AUTO, serverArgs);
    }

    private StdioUpstream upstream(ServerConfig.Era era, String... serverArgs) {
        ServerConfig scripted = ScriptedServers.config(serverArgs);
        ServerConfig config = new ServerConfig(scripted.name(), scripted.command(), scripted.args(), scripted.env(),
                null, true, scripted.timeout(), null, scripted.supervision(), scripted.capture(), scripted.tools(),
                era);
        return children.upstream(config, events, children.options());
    }

    private static Message.Request request(String method, ObjectNode params) {
        return new Message.Request(RequestId.of("downstream-1"), method, params);
    }

    private static Message.Request tool(String name, Map<String, ?> arguments) {
        ObjectNode params = NODES.objectNode().put("name", name);
        params.set("arguments", ScriptedServers.arguments(arguments));
        return request("tools/call", params);
    }

    private static Message.Response answer(StdioUpstream upstream, Message.Request request) throws Exception {
        Message.Response response = upstream.call(request, CallOptions.DEFAULT).response().get(30, TimeUnit.SECONDS);
        assertThat(response.isError()).as("error %s", response.error()).isFalse();
        return response;
    }

    private static JsonNode structured(StdioUpstream upstream, String tool) throws Exception {
        return answer(upstream, tool(tool, Map.of())).result().path("structuredContent");
    }

    @Test
    void aChildThatAnswersServerDiscoverIsSpokenToInTheModernEraWithItsOwnMetaOnEveryRequest() throws Exception {
        StdioUpstream upstream = upstream("--modern");

        ServerHandshake handshake = upstream.handshake();

        assertThat(handshake.protocolVersion()).isEqualTo(ModernEra.VERSION);
        assertThat(handshake.serverInfo().path("name").asString()).isEqualTo("scripted-modern");
        assertThat(handshake.instructions()).isEqualTo("modern, for tests");
        assertThat(upstream.status().state()).isEqualTo(State.READY);
        JsonNode meta = structured(upstream, "meta");
        assertThat(meta.path(ModernEra.META_PROTOCOL_VERSION).asString()).isEqualTo(ModernEra.VERSION);
        assertThat(meta.path(ModernEra.META_CLIENT_CAPABILITIES).has("sampling")).isTrue();
        assertThat(meta.path(ModernEra.META_CLIENT_INFO).path("name").asString()).isEqualTo("gatehouse");
        assertThat(meta.has(ModernEra.META_LOG_LEVEL)).as("no level until a client sets one").isFalse();
    }

    @Test
    void pingAndSetLevelAreAnsweredByTheGatewayAndTheLevelRidesOnEveryLaterRequest() throws Exception {
        StdioUpstream upstream = upstream("--modern");

        answer(upstream, request("ping", null));
        answer(upstream, request("logging/setLevel", NODES.objectNode().put("level", "warning")));

        assertThat(structured(upstream, "meta").path(ModernEra.META_LOG_LEVEL).asString()).isEqualTo("warning");
        Message.Response refused = upstream.call(request("logging/setLevel", NODES.objectNode()),
                CallOptions.DEFAULT).response().get(30, TimeUnit.SECONDS);
        assertThat(refused.isError()).isTrue();
    }

    @Test
    void subscriptionsBecomeAListenRequestThatIsReplacedWhenTheyChangeAndUpdatesReachTheGateway()
            throws Exception {
        StdioUpstream upstream = upstream("--modern");
        upstream.handshake();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                structured(upstream, "seen").path("listens").size()).isEqualTo(1));
        JsonNode first = structured(upstream, "seen").path("listens").path(0);
        assertThat(first.path("notifications").path("toolsListChanged").asBoolean()).isTrue();
        assertThat(first.path("_meta").path(ModernEra.META_PROTOCOL_VERSION).asString()).isEqualTo(ModernEra.VERSION);

        answer(upstream, request("resources/subscribe", NODES.objectNode().put("uri", "test://watched")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode seen = structured(upstream, "seen");
            assertThat(seen.path("listens").size()).isEqualTo(2);
            assertThat(seen.path("listens").path(1).path("notifications").path("resourceSubscriptions")
                    .path(0).asString()).isEqualTo("test://watched");
            assertThat(seen.path("cancelled").size()).as("the first listen is cancelled").isEqualTo(1);
        });
        answer(upstream, tool("touch", Map.of("uri", "test://watched")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.notifications)
                .anyMatch(n -> n.method().equals("notifications/resources/updated")));
        assertThat(events.notifications).noneMatch(n -> n.method().equals(ModernEra.SUBSCRIPTIONS_ACKNOWLEDGED));
    }

    @Test
    void aRestartedModernChildIsAskedAboutTheSameResourcesAtTheSameLogLevel() throws Exception {
        StdioUpstream upstream = upstream("--modern");
        upstream.handshake();
        answer(upstream, request("resources/subscribe", NODES.objectNode().put("uri", "test://watched")));
        answer(upstream, request("logging/setLevel", NODES.objectNode().put("level", "warning")));
        long firstPid = upstream.pid().orElseThrow();

        upstream.call(tool("crash", Map.of("code", 3)), CallOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.status().state() == State.BACKOFF);
        JsonNode meta = structured(upstream, "meta");

        assertThat(upstream.pid().orElseThrow()).isNotEqualTo(firstPid);
        assertThat(meta.path(ModernEra.META_LOG_LEVEL).asString()).isEqualTo("warning");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(structured(upstream, "seen")
                .path("listens")).anySatisfy(listen -> assertThat(listen.path("notifications")
                        .path("resourceSubscriptions").path(0).asString()).isEqualTo("test://watched")));
        answer(upstream, tool("touch", Map.of("uri", "test://watched")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.notifications)
                .anyMatch(n -> n.method().equals("notifications/resources/updated")
                        && n.params().path("uri").asString().equals("test://watched")
                        && !n.params().path("_meta").has(ModernEra.META_SUBSCRIPTION_ID)));
    }

    @Test
    void aLegacyServerThatAnswersTheProbeWithAnErrorIsInitializedAsBefore() throws Exception {
        StdioUpstream upstream = upstream();

        assertThat(upstream.handshake().protocolVersion()).isEqualTo(ProtocolVersions.LATEST);
        assertThat(structured(upstream, "meta").has(ModernEra.META_PROTOCOL_VERSION))
                .as("legacy requests are not stamped").isFalse();
        assertThat(structured(upstream, "seen").path("cancelled").size()).isZero();
    }

    @Test
    void aLegacyServerThatIgnoresUnknownMethodsIsInitializedAfterABoundedWaitWithoutACancellation()
            throws Exception {
        StdioUpstream upstream = upstream("--ignore-unknown");
        long started = System.nanoTime();

        ServerHandshake handshake = upstream.handshake();

        assertThat(handshake.protocolVersion()).isEqualTo(ProtocolVersions.LATEST);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(structured(upstream, "seen").path("cancelled").size())
                .as("the unanswered probe is dropped, not cancelled at a server that never knew it").isZero();
    }

    @Test
    void aLegacyServerThatExitsOnAnUnknownMethodIsStartedAgainWithInitializeAlone() throws Exception {
        StdioUpstream upstream = upstream("--exit-on-unknown");

        ServerHandshake handshake = upstream.handshake();

        assertThat(handshake.protocolVersion()).isEqualTo(ProtocolVersions.LATEST);
        assertThat(upstream.status().state()).isEqualTo(State.READY);
        assertThat(answer(upstream, tool("echo", Map.of("text", "still here"))).result().path("content").path(0)
                .path("text").asString()).isEqualTo("still here");
        assertThat(upstream.stderrTail()).anyMatch(line -> line.contains("before initialize; exiting"));
    }

    @Test
    void aServerPinnedToTheLegacyEraIsNeverProbed() throws Exception {
        StdioUpstream upstream = upstream(ServerConfig.Era.LEGACY, "--exit-on-unknown");

        assertThat(upstream.handshake().protocolVersion()).isEqualTo(ProtocolVersions.LATEST);
        assertThat(upstream.stderrTail()).noneMatch(line -> line.contains("before initialize"));
        assertThat(upstream.status().restarts()).isZero();
    }

    @Test
    void aServerPinnedToTheModernEraThatAnswersLikeALegacyOneFailsNamingTheSetting() {
        StdioUpstream upstream = upstream(ServerConfig.Era.MODERN);

        assertThatThrownBy(upstream::handshake).isInstanceOf(GatewayFailure.UpstreamUnavailable.class)
                .hasMessageContaining("era = \"modern\"");
        assertThat(upstream.status().state()).isEqualTo(State.FAILED);
    }

    @Test
    void aServerPinnedToTheModernEraIsSpokenToInIt() {
        StdioUpstream upstream = upstream(ServerConfig.Era.MODERN, "--modern");

        assertThat(upstream.handshake().protocolVersion()).isEqualTo(ModernEra.VERSION);
    }
}
