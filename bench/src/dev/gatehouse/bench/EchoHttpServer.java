package dev.gatehouse.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The {@link EchoServer} over Streamable HTTP (legacy era, JSON answers), for the benchmark's HTTP upstream row:
 * {@code POST /mcp} takes one JSON-RPC message and answers it with {@code application/json}, a notification with
 * 202; {@code GET} (the optional server stream) is 405, {@code DELETE} 200. {@code initialize} hands out a session
 * id, which later requests are not checked against: the benchmark measures transports, not session bookkeeping.
 * Binds 127.0.0.1 only and prints its URL on stdout.
 *
 * <p>usage: {@code EchoHttpServer [PORT]} (0, the default, picks a free port)
 */
public final class EchoHttpServer {

    /** One echo server per thread, each writing into its own buffer: EchoServer keeps a per-instance cache. */
    private static final ThreadLocal<Echo> ECHO = ThreadLocal.withInitial(Echo::new);

    private static final class Echo {
        private final StringWriter out = new StringWriter();
        private final EchoServer server = new EchoServer(out);

        /** The answer to one message, or null for a notification. */
        String answer(String message) throws IOException {
            out.getBuffer().setLength(0);
            server.handle(message);
            String answer = out.toString();
            return answer.isEmpty() ? null : answer.strip();
        }
    }

    private EchoHttpServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", EchoHttpServer::handle);
        server.start();
        System.out.println("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
        System.out.flush();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> post(exchange);
                case "DELETE" -> exchange.sendResponseHeaders(200, -1);
                default -> {
                    exchange.getResponseHeaders().set("Allow", "POST, DELETE");
                    exchange.sendResponseHeaders(405, -1);
                }
            }
        }
    }

    private static void post(HttpExchange exchange) throws IOException {
        String message = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String answer = ECHO.get().answer(message);
        if (answer == null) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        if ("\"initialize\"".equals(JsonText.member(message, "method"))) {
            exchange.getResponseHeaders().set("Mcp-Session-Id", UUID.randomUUID().toString());
        }
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
