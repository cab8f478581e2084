package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Main;
import dev.gatehouse.config.HomeLayout;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.upstream.stdio.ScriptedServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Kills a gateway process with SIGKILL while 16 clients call through it, then opens what it left. The clients
 * note when each answer arrived; the database says when its last committed batch began (every exchange carries
 * its batch's time). Each answer is recorded before it is sent and each batch takes everything queued, so every
 * answer that arrived before that time must be in the database, and each client's recorded calls must be a
 * prefix of the calls it made.
 */
class CaptureCrashTest {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/mcp");
    private static final int CLIENTS = 16;

    @TempDir
    Path temp;

    private record Received(int client, int call, long atMicros) {
    }

    @Test
    @Timeout(180)
    void afterKill9TheDatabaseIsIntactAndHoldsEveryAnswerDeliveredBeforeItsLastCommit() throws Exception {
        Path home = HomeLayout.at(temp.resolve("home")).prepare().root();
        List<String> echo = ScriptedServers.javaCommand();
        Files.writeString(home.resolve("config.toml"), "[servers.echo]\ncommand = " + quoted(echo.getFirst())
                + "\nargs = [" + echo.subList(1, echo.size()).stream().map(CaptureCrashTest::quoted)
                .collect(Collectors.joining(", ")) + "]\n");
        Path log = temp.resolve("gateway.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process gateway = new ProcessBuilder(ScriptedServers.javaCommand().getFirst(), "-cp", classpath,
                Main.class.getName(), "serve", "--home", home.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> children = new ArrayList<>();
        ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            int port = awaitPort(log, gateway);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofVirtual().start(() -> callUntilKilled(port, client, received, killed)));
            }
            long began = System.nanoTime();
            while ((received.size() < 2000 || System.nanoTime() - began < TimeUnit.SECONDS.toNanos(3))
                    && System.nanoTime() - began < TimeUnit.SECONDS.toNanos(60)) {
                Thread.sleep(50);
            }
            children.addAll(gateway.descendants().toList());
            killed.set(true);
            gateway.destroyForcibly();
            assertThat(gateway.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gateway.exitValue()).isEqualTo(137);
        } finally {
            killed.set(true);
            gateway.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(10));
            }
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("traffic.db"));
             Statement statement = db.createStatement()) {
            assertThat(single(statement, "PRAGMA integrity_check")).isEqualTo("ok");
            long lastBatch = Long.parseLong(single(statement, "SELECT MAX(recorded_at) FROM exchanges"));
            Set<String> stored = new HashSet<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT rpc_id FROM exchanges WHERE method = 'tools/call' AND server = 'echo'")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            List<Received> due = received.stream().filter(r -> r.atMicros() < lastBatch).toList();
            assertThat(due).as("answers delivered before the last commit").hasSizeGreaterThan(500);
            assertThat(due).allMatch(r -> stored.contains(rpcId(r.client(), r.call())),
                    "every answer delivered before the last batch began is stored");
            Map<Integer, TreeSet<Integer>> perClient = new HashMap<>();
            for (String id : stored) {
                String[] parts = id.replace("\"", "").substring(1).split("-");
                perClient.computeIfAbsent(Integer.valueOf(parts[0]), k -> new TreeSet<>()).add(Integer.valueOf(parts[1]));
            }
            perClient.forEach((client, calls) -> assertThat(calls.last()).as("client %d's calls form a prefix", client)
                    .isEqualTo(calls.size() - 1));
        }
        assertThat(Files.readString(log)).doesNotContain("dropped");
    }

    private static void callUntilKilled(int port, int client, ConcurrentLinkedQueue<Received> received,
                                        AtomicBoolean killed) {
        try {
            McpSessionClient session = new McpSessionClient(port, "/mcp");
            session.initialize();
            for (int call = 0; !killed.get(); call++) {
                RawHttp.Reply reply = session.post("{\"jsonrpc\":\"2.0\",\"id\":" + rpcId(client, call)
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo__echo\",\"arguments\":"
                        + "{\"text\":\"call " + call + "\"}}}");
                JsonNode answer = McpSessionClient.response(reply);
                long at = micros(Instant.now());
                if (reply.status() != 200 || !answer.has("result")) {
                    return;
                }
                received.add(new Received(client, call, at));
            }
        } catch (IOException | RuntimeException e) {
            // The gateway was killed mid-call: the answer never arrived, so nothing is expected of it.
        }
    }

    private static String rpcId(int client, int call) {
        return "\"c" + client + "-" + call + "\"";
    }

    private static int awaitPort(Path log, Process gateway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            Matcher url = URL.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (url.find()) {
                return Integer.parseInt(url.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway did not start: " + Files.readString(log));
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
