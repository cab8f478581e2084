package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge's HTTP/1.1 client against a loopback socket that answers with scripted bytes. */
@Timeout(30)
class LoopbackHttpTest {

    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Accepts one connection, reads the request head, answers {@code answer}, and returns the request. */
    private CompletableFuture<String> answerOnce(String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                while (!request.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                    buffer.clear();
                    if (client.read(buffer) < 0) {
                        break;
                    }
                    request.write(buffer.array(), 0, buffer.position());
                }
                client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                return request.toString(StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HttpAnswer post(Map<String, String> headers) throws IOException {
        return LoopbackHttp.exchange(server.getLocalAddress(), "127.0.0.1:1",
                new LoopbackHttp.Request("POST", "/mcp", headers, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static String readAll(InputStream body) throws IOException {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void readsAChunkedEventStreamSplitAcrossChunks() throws Exception {
        CompletableFuture<String> request = answerOnce("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\nMcp-Session-Id: abc\r\n\r\n"
                + "5\r\ndata:\r\n9;ext=1\r\n {\"a\":1}\n\r\n1\r\n\n\r\n0\r\nTrailer: x\r\n\r\n");
        try (HttpAnswer answer = post(Map.of("Accept", "text/event-stream"))) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.isEventStream()).isTrue();
            assertThat(answer.headers().first("mcp-session-id")).isEqualTo("abc");
            assertThat(readAll(answer.body())).isEqualTo("data: {\"a\":1}\n\n");
        }
        assertThat(request.get(10, TimeUnit.SECONDS)).startsWith("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:1\r\n")
                .contains("Content-Length: 2\r\n", "Connection: close\r\n");
    }

    @Test
    void stopsABodyAtItsContentLength() throws Exception {
        answerOnce("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nbodyIGNORED");
        try (HttpAnswer answer = post(Map.of())) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(readAll(answer.body())).isEqualTo("body");
        }
    }

    @Test
    void refusesAHeadOverTheLimit() {
        answerOnce("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(LoopbackHttp.MAX_HEAD_BYTES) + "\r\n\r\n");
        assertThatThrownBy(() -> post(Map.of())).isInstanceOf(IOException.class).hasMessageContaining("over");
    }

    @Test
    void refusesAHeaderValueThatWouldEndItsLine() {
        assertThatThrownBy(() -> post(Map.of("Mcp-Session-Id", "a\r\nX-Injected: 1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAnswerThatIsNotHttpIsAnError() {
        answerOnce("SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> post(Map.of())).isInstanceOf(IOException.class).hasMessageContaining("not HTTP");
    }
}
