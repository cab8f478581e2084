package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TestPeersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void locatesEveryPinnedPeerAfterInstall() {
        TestPeers.ensureInstalled();

        assertThat(TestPeers.serverEverythingEntry()).isRegularFile();
        assertThat(TestPeers.conformanceCli()).isRegularFile();
        assertThat(TestPeers.loopbackPreload()).isRegularFile();
        assertThat(Files.isExecutable(TestPeers.node22())).isTrue();
    }

    @Test
    @Timeout(60)
    void serverEverythingAnswersInitializeOverStdio() throws Exception {
        Process server = new ProcessBuilder(TestPeers.node22().toString(),
                TestPeers.serverEverythingEntry().toString(), "stdio")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            OutputStream stdin = server.getOutputStream();
            stdin.write(("""
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
                    "capabilities":{},"clientInfo":{"name":"gatehouse-test","version":"0"}}}
                    """).getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);

            JsonNode response = JSON.readTree(line);
            assertThat(response.path("id").asInt()).isEqualTo(1);
            assertThat(response.path("result").path("protocolVersion").asString("")).isEqualTo("2025-11-25");
            assertThat(response.path("result").path("serverInfo").path("name").asString("")).isNotEmpty();
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
