package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.testing.ConformanceFixtureServer;
import dev.gatehouse.testing.EverythingHttpServer;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestPeers;
import dev.gatehouse.upstream.stdio.StdioUpstream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * THE LEAK TEST (DESIGN.md invariant 4). A sentinel value is piped into {@code gatehouse secret set} (a real
 * process) and is referenced from the env of a real server (server-everything, whose {@code get-env} tool prints
 * its whole environment), which was failing for want of it and is restarted with it, and from the headers and url
 * query of a remote one (server-everything over Streamable HTTP behind a {@link CredentialGate} that refuses any
 * request without the value, so its answers prove the gateway sent it), all captured in full; traffic and failures (a
 * missing secret, a crashed child, bad configs) go through a live gateway; every management API resource and
 * every CLI command is asked about it (including an import of a client file holding it, a value pasted as an
 * argument and a bad name built from it); then everything Gatehouse wrote or answered is searched for the sentinel
 * and its encoded forms, traffic.db with its -wal and -shm files included, read raw while the gateway runs. It may
 * be found only in vault.db (encrypted, so not even there as text), in the environment of the one child whose config
 * references it, and in the requests to the one remote server that references it.
 */
@Timeout(240)
class SecretLeakTest {

    @TempDir
    Path home;
    @TempDir
    Path work;

    private final String sentinel = "sk-leaktest-" + HexFormat.of().formatHex(randomBytes());
    private final List<String> answered = new ArrayList<>();

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void noSecretValueEscapesTheVaultOrTheOneChildThatReferencesIt() throws Exception {
        try (EverythingHttpServer web = EverythingHttpServer.start(EverythingHttpServer.Mode.STREAMABLE_HTTP,
                work.resolve("web.log"), CredentialGate.environment(sentinel),
                List.of(CredentialGate.preload(work)))) {
            assertThat(new RawHttp(web.url().getPort()).send("POST", "/mcp", List.of("Host: 127.0.0.1"), null)
                    .status()).as("the remote server refuses requests without the value").isEqualTo(401);
            runLeakTest(web);
        }
    }

    private void runLeakTest(EverythingHttpServer web) throws Exception {
        GatewayHome gatewayHome = new GatewayHome(home).write(configText(web));
        HomeLayout layout = HomeLayout.at(home);

        LogCapture logs = new LogCapture();
        long everythingPid;
        try (RunningGateway gateway = gatewayHome.start()) {
            McpSessionClient client = new McpSessionClient(gateway.port(), "/mcp");
            record(client.initialize());
            // Early, while the missing server's restart backoff is still short.
            JsonNode missing = record(client.post(callTool(5, "missing__anything", "{}")));
            assertThat(missing.has("error")).as(missing.toString()).isTrue();
            JsonNode missingSingle = record(new McpSessionClient(gateway.port(), "/s/missing/mcp").initialize());
            assertThat(missingSingle.toString()).contains("secret 'absent-secret' is not in the vault");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gateway.gateway().upstreams()
                    .upstream("web").orElseThrow().status().lastError())
                    .as("the remote server is failed for want of the secret, named")
                    .contains("secret 'sentinel' is not in the vault"));
            answered.add(gateway.gateway().upstreams().upstream("web").orElseThrow().status().toString());

            LeakProbes probes = new LeakProbes(gateway, gatewayHome, sentinel, work, answered);
            String set = probes.cliProcess(sentinel + "\n", "secret", "set", "sentinel");
            assertThat(set).contains("Stored new secret 'sentinel'.").containsPattern("Restarting .*everything");
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.gateway().upstreams().upstream("everything")
                    .map(u -> u.status().state().label().equals("ready")).orElse(false));
            JsonNode webEcho = awaitWebEcho(client);
            assertThat(webEcho.toString()).as("the remote server got the value in its header and query, and the"
                    + " answer shows only its name").contains("web-echo-marker:[secret:sentinel]");

            record(client.post(call(2, "tools/list", "{}")));

            JsonNode env = record(client.post(callTool(3, "everything__get-env", "{}")));
            assertThat(env.toString()).as("the child got the value, and the answer shows only its name")
                    .contains("[secret:sentinel]");

            String encoded = Base64.getEncoder().encodeToString(sentinel.getBytes(StandardCharsets.UTF_8));
            JsonNode echo = record(client.post(callTool(4, "everything__echo",
                    "{\"message\":\"" + encoded + "\"}")));
            assertThat(echo.toString()).contains("[secret:sentinel]");

            everythingPid = ((StdioUpstream) gateway.gateway().view("/s/everything/mcp").orElseThrow().upstreams()
                    .getFirst()).pid().orElseThrow();
            ProcessHandle.of(everythingPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(20)).until(() -> !ProcessHandle.of(everythingPid).map(
                    ProcessHandle::isAlive).orElse(false));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    record(client.post(callTool(6, "everything__get-env", "{}"))).toString())
                    .contains("[secret:sentinel]"));
            record(client.post(callTool(7, "fixture__test_simple_text", "{}")));
            record(client.post(callTool(8, "gatehouse__list_servers", "{}")));
            answered.add(new RawHttp(gateway.port()).send("GET", "/healthz", List.of("Host: 127.0.0.1"), null).body());

            probes.askEveryApiResource();
            probes.runEveryCliCommand();
            assertOnlyTheReferencingChildHoldsTheValue(gateway);
            LoggerFactory.getLogger("leak-test").info("a log line quoting the value: {}", sentinel);
            assertCaptureHoldsNoForm(layout);
        } finally {
            logs.close();
        }
        answered.addAll(badConfigMessages());

        String logText = logs.text();
        assertThat(logText).contains("a log line quoting the value: [secret:sentinel]");
        assertNoForm(logText, "the log");
        assertNoForm(String.join("\n", answered), "client answers and error messages");
        assertNoForm(Files.readString(layout.configFile()), "config.toml");
        try (Stream<Path> files = Files.list(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNoForm(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
            }
        }
    }

    private String configText(EverythingHttpServer web) {
        List<String> fixture = ConformanceFixtureServer.command();
        return """
                [servers.web]
                url = "%s?key=${secret:sentinel}"
                headers = { X-Leak-Key = "${secret:sentinel}", Authorization = "Bearer ${secret:sentinel}" }
                capture = "full"

                [servers.everything]
                command = "%s"
                args = ["%s", "stdio"]
                env = { SENTINEL_TOKEN = "${secret:sentinel}" }
                capture = "full"

                [servers.fixture]
                command = "%s"
                args = [%s]

                [servers.missing]
                command = "%s"
                args = ["%s", "stdio"]
                env = { TOKEN = "${secret:absent-secret}" }
                """.formatted(web.url(), TestPeers.node22(), TestPeers.serverEverythingEntry(), fixture.getFirst(),
                String.join(", ", fixture.subList(1, fixture.size()).stream().map(a -> "\"" + a + "\"").toList()),
                TestPeers.node22(), TestPeers.serverEverythingEntry());
    }

    /** Configs a user might write by mistake: the messages must not carry a value pasted into them. */
    private List<String> badConfigMessages() {
        List<String> messages = new ArrayList<>();
        for (String text : List.of(
                "[servers.a]\ncommand = \"x\"\nargs = [\"${secret:sentinel}\"]\n",
                "[servers.a]\ncommand = \"x\"\nargs = [\"--token=" + sentinel + "\"]\nunknown = \"" + sentinel + "\"\n",
                "[gateway]\nport = \"" + sentinel + "\"\n",
                "[servers.a]\ncommand = \"x\"\nenv.K = \"${secret:" + sentinel + " }\"\n")) {
            try {
                ConfigLoader.parse("config.toml", text);
                messages.add("loaded");
            } catch (ConfigException e) {
                messages.add(e.getMessage());
            }
        }
        return messages;
    }

    /** Every child of this JVM is read through /proc: only server-everything's process holds the value. */
    private void assertOnlyTheReferencingChildHoldsTheValue(RunningGateway gateway) throws Exception {
        long referencing = ((StdioUpstream) gateway.gateway().view("/s/everything/mcp").orElseThrow().upstreams()
                .getFirst()).pid().orElseThrow();
        int children = 0;
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            Path environ = Path.of("/proc", Long.toString(child.pid()), "environ");
            if (!Files.isReadable(environ)) {
                continue;
            }
            children++;
            boolean holds = new String(Files.readAllBytes(environ), StandardCharsets.ISO_8859_1).contains(sentinel);
            boolean mayHold = child.pid() == referencing
                    || child.parent().map(p -> p.pid() == referencing).orElse(false);
            if (!mayHold) {
                assertThat(holds).as("child %d (%s) holds the value", child.pid(),
                        child.info().commandLine().orElse("?")).isFalse();
            }
            assertThat(child.info().arguments().map(List::of).orElse(List.of()).toString()).doesNotContain(sentinel);
        }
        assertThat(children).as("the test saw the gateway's children").isGreaterThanOrEqualTo(2);
        assertThat(new String(Files.readAllBytes(Path.of("/proc", Long.toString(referencing), "environ")),
                StandardCharsets.ISO_8859_1)).as("the referencing child got the value").contains(sentinel);
    }

    /** Calls the remote server's echo, once it is connected, with the value's base64 behind a marker. */
    private JsonNode awaitWebEcho(McpSessionClient client) {
        String encoded = Base64.getEncoder().encodeToString(sentinel.getBytes(StandardCharsets.UTF_8));
        JsonNode[] answer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            answer[0] = record(client.post(callTool(9, "web__echo",
                    "{\"message\":\"web-echo-marker:" + encoded + "\"}")));
            assertThat(answer[0].has("result")).as(answer[0].toString()).isTrue();
        });
        return answer[0];
    }

    /**
     * traffic.db and its -wal and -shm files, read raw while the gateway is still running (closing checkpoints the
     * WAL away), once the remote server's echo has been recorded.
     */
    private void assertCaptureHoldsNoForm(HomeLayout layout) throws java.io.IOException {
        List<Path> files = Stream.of("", "-wal", "-shm")
                .map(suffix -> layout.root().resolve(RunningGateway.TRAFFIC_FILE + suffix)).toList();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rawText(files).contains("web-echo-marker:[secret:sentinel]"));
        assertThat(files).allMatch(Files::exists);
        for (Path file : files) {
            assertNoForm(rawText(List.of(file)), file + " while serving");
        }
    }

    private static String rawText(List<Path> files) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    private void assertNoForm(String text, String where) {
        byte[] bytes = sentinel.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(sentinel, Base64.getEncoder().encodeToString(bytes),
                Base64.getEncoder().withoutPadding().encodeToString(bytes), Base64.getUrlEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                URLEncoder.encode(sentinel, StandardCharsets.UTF_8),
                sentinel.substring(sentinel.length() - 16));
        for (String form : forms) {
            assertThat(text).as("%s holds the sentinel as %s", where, form).doesNotContain(form);
        }
    }

    private JsonNode record(RawHttp.Reply reply) {
        answered.add(reply.body());
        List<JsonNode> messages = McpSessionClient.messages(reply);
        messages.forEach(m -> answered.add(m.toString()));
        return messages.isEmpty() ? tools.jackson.databind.node.JsonNodeFactory.instance.nullNode() : messages.getLast();
    }

    private static String call(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static String callTool(int id, String tool, String arguments) {
        return call(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
    }
}
