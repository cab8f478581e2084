package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.PlaneToken;
import dev.gatehouse.config.SecuritySettings;
import dev.gatehouse.config.ToolApproval;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other users of the machine against the MCP plane: a real second user (nobody, through setpriv) is refused
 * by the kernel-table check, and with {@code require_token} only the bearer token from the home opens it.
 */
@Timeout(120)
class OtherLocalUsersTest {

    @TempDir
    Path home;

    /** Runs curl as {@code nobody}; answers "STATUS BODY". */
    private static String curlAsNobody(String url, String... extraArgs) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("setpriv", "--reuid", "nobody", "--regid",
                "nogroup", "--clear-groups", "curl", "-s", "--max-time", "10", "-w", " %{http_code}"));
        command.addAll(List.of(extraArgs));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int space = out.lastIndexOf(' ');
            return out.substring(space + 1) + " " + out.substring(0, Math.max(0, space));
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean canSwitchToNobody() {
        try {
            Process probe = new ProcessBuilder("setpriv", "--reuid", "nobody", "--regid", "nogroup",
                    "--clear-groups", "curl", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void refusesAnotherLocalUserWith403AndStillServesItsOwn() throws Exception {
        Assumptions.assumeTrue(canSwitchToNobody(), "needs root, setpriv and curl to act as a second user");
        try (RunningGateway gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of()))) {
            String url = "http://127.0.0.1:" + gateway.port() + "/healthz";
            String other = curlAsNobody(url);
            assertThat(other).startsWith("403 ").contains("another local user").doesNotContain("gatehouse\",");
            String otherMcp = curlAsNobody("http://127.0.0.1:" + gateway.port() + "/mcp", "-X", "POST",
                    "-H", "Content-Type: application/json", "-H", "Accept: application/json, text/event-stream",
                    "--data", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
            assertThat(otherMcp).startsWith("403 ");
            assertThat(new RawHttp(gateway.port()).send("GET", "/healthz", List.of("Host: localhost"), null)
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void whereThePeerCannotBeIdentifiedOnlyTheTokenOpensThePlane() throws Exception {
        PlaneToken token = PlaneToken.openOrCreate(home);
        PeerCheck blind = new PeerCheck(null, new SocketOwners(home.resolve("no-proc-net")), 0);
        try (BareGateway bare = new BareGateway();
             McpPlane plane = McpPlane.start(bare.gateway, bare.codec, new PlaneOptions(1 << 20, 16 * 1024, 4,
                     new LimitCounters(), false, token), 0, List.of(InetAddress.getByName("127.0.0.1")), blind)) {
            RawHttp http = new RawHttp(plane.port());
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost"), null).status()).isEqualTo(401);
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: Bearer "
                    + token.show()), null).status()).isEqualTo(200);
        }
    }

    @Test
    void requireTokenOpensThePlaneOnlyToTheBearerOfTheHomesToken() throws Exception {
        GatewayConfig config = new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of(),
                LimitSettings.DEFAULTS, new SecuritySettings(true, ToolApproval.AUTO));
        try (RunningGateway gateway = RunningGateway.start(config, HomeLayout.at(home))) {
            RawHttp http = new RawHttp(gateway.port());
            Path file = home.resolve(PlaneToken.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            PlaneToken token = PlaneToken.openOrCreate(home);

            RawHttp.Reply without = http.send("GET", "/healthz", List.of("Host: localhost"), null);
            assertThat(without.status()).isEqualTo(401);
            assertThat(without.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(McpSessionClient.response(without).path("error").path("code").asInt()).isEqualTo(-32600);

            for (String wrong : List.of("Bearer nope", "Basic " + token.show(), "Bearer", token.show(),
                    "Bearer " + token.show() + "x")) {
                assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: " + wrong), null)
                        .status()).as(wrong).isEqualTo(401);
            }
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: Bearer "
                    + token.show(), "Authorization: Bearer " + token.show()), null).status()).isEqualTo(401);
            String old = token.show();
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: bearer " + old), null)
                    .status()).isEqualTo(200);

            String fresh = token.rotate();
            assertThat(fresh).isNotEqualTo(old).hasSizeGreaterThanOrEqualTo(43);
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: Bearer " + old), null)
                    .status()).isEqualTo(401);
            assertThat(http.send("GET", "/healthz", List.of("Host: localhost", "Authorization: Bearer " + fresh),
                    null).status()).isEqualTo(200);
        }
    }
}
