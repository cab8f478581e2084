package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.HomeLock;
import dev.gatehouse.testing.ApiCall;
import dev.gatehouse.testing.GatewayHome;
import dev.gatehouse.testing.RawHttp;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The management socket of a live gateway: where it lives, who may connect, and what it answers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagementPlaneTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private GatewayHome home;
    private RunningGateway gateway;
    private ApiCall api;

    @BeforeEach
    void startGateway() throws Exception {
        home = new GatewayHome(dir.resolve("home")).write("[gateway]\nport = 0\n");
        gateway = home.start();
        api = new ApiCall(gateway.managementSocket());
    }

    @AfterEach
    void stopGateway() throws Exception {
        api.close();
        gateway.close();
    }

    @Test
    void servesOnAnOwnerOnlySocketInAnOwnerOnlyDirectory() throws IOException {
        Path socket = gateway.managementSocket();

        assertThat(socket).isEqualTo(home.socket());
        assertThat(socket.getFileName().toString()).matches("api-[0-9a-f]{12}\\.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void answersStatusAsJson() throws Exception {
        ContentResponse reply = api.send("GET", "/api/status", null);

        assertThat(reply.getStatus()).isEqualTo(200);
        assertThat(reply.getMediaType()).isEqualTo("application/json");
        JsonNode status = JSON.readTree(reply.getContentAsString());
        assertThat(status.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.path("servers").get(0).path("name").asString()).isEqualTo("gatehouse");
        assertThat(status.path("config").path("valid").asBoolean()).isTrue();
    }

    @Test
    void answersErrorsAsProblemDetails() throws Exception {
        ContentResponse unknown = api.send("GET", "/api/servers/nope", null);
        ContentResponse wrongMethod = api.send("DELETE", "/api/status", null);
        ContentResponse badBody = api.send("POST", "/api/servers", "{\"name\": \"x\", \"comand\": \"y\"}");

        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(unknown.getMediaType()).isEqualTo("application/problem+json");
        JsonNode problem = JSON.readTree(unknown.getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("urn:gatehouse:problem:unknown-server");
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asString()).isEqualTo("no server named 'nope'");
        assertThat(wrongMethod.getStatus()).isEqualTo(405);
        assertThat(badBody.getStatus()).isEqualTo(400);
    }

    @Test
    void exposesPrometheusMetricsOnTheSocketAndReadOnlyOnTheLoopbackPlane() throws Exception {
        ContentResponse fromSocket = api.send("GET", "/api/metrics", null);
        RawHttp.Reply fromPlane = new RawHttp(gateway.port()).send("GET", "/metrics",
                List.of("Host: 127.0.0.1"), new byte[0]);
        RawHttp.Reply foreign = new RawHttp(gateway.port()).send("GET", "/metrics",
                List.of("Host: evil.example"), new byte[0]);
        RawHttp.Reply write = new RawHttp(gateway.port()).send("POST", "/metrics",
                List.of("Host: 127.0.0.1"), new byte[0]);

        assertThat(fromSocket.getStatus()).isEqualTo(200);
        assertThat(fromSocket.getContentAsString()).contains("gatehouse_sessions", "gatehouse_upstream_state");
        assertThat(fromPlane.status()).isEqualTo(200);
        assertThat(fromPlane.body()).contains("gatehouse_sessions");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(write.status()).isEqualTo(405);
    }

    @Test
    void refusesASecondGatewayOnTheSameHome() {
        assertThatThrownBy(() -> home.start())
                .isInstanceOf(HomeLock.HeldException.class)
                .hasMessageContaining("already serving " + home.root());
        assertThat(gateway.managementSocket()).exists();
    }

    @Test
    void replacesASocketLeftByAGatewayThatDied() throws Exception {
        gateway.close();
        api.close();
        // A bound-then-closed socket leaves its file behind, exactly like a gateway killed with SIGKILL.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(home.socket()));
        }
        assertThat(home.socket()).exists();

        gateway = home.start();
        api = new ApiCall(gateway.managementSocket());

        assertThat(api.send("GET", "/api/status", null).getStatus()).isEqualTo(200);
    }

    /**
     * The socket's directory and the home are 0700, so another user cannot even reach the socket, which on its own
     * would prove nothing about the peer check. For this test only the directories are opened for traversal (0711)
     * and the socket for writing (0666): {@code nobody} can then connect, and only the SO_PEERCRED check stands in
     * the way. The same client run as the owner gets an answer, so the client itself is not what fails.
     */
    @Test
    void closesAConnectionFromAnotherUserBeforeReadingAnything() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root to switch users");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
                "needs setpriv and python3");
        Path socket = gateway.managementSocket();
        Path client = dir.resolve("client.py");
        Files.writeString(client, """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(10)
                s.connect(sys.argv[1])
                try:
                    s.sendall(b"GET /api/status HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n")
                except OSError:
                    pass
                data = b""
                try:
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                except OSError as e:
                    print("error=" + type(e).__name__)
                print("bytes=%d" % len(data))
                print(data[:12].decode("latin1"))
                """);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(home.root(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(PeerCheckedConnector.class);
        log.start();
        logger.addAppender(log);
        try {
            String asNobody = run("/usr/bin/setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups",
                    "/usr/bin/python3", client.toString(), socket.toString());
            String asOwner = run("/usr/bin/python3", client.toString(), socket.toString());

            assertThat(asNobody).contains("bytes=0").doesNotContain("HTTP/1.1");
            assertThat(asOwner).contains("HTTP/1.1 200");
            assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                    .contains("refused a management connection from user 'nobody'"));
        } finally {
            logger.detachAppender(log);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(home.root(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
