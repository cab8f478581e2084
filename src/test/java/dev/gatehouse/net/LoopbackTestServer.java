package dev.gatehouse.net;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1: {@code /redirect?to=URL&status=N} redirects, {@code /ok} answers "ok"
 * with a Set-Cookie and a hop-by-hop header, {@code /big} answers 64 KiB. Every request's path and headers are
 * recorded.
 */
final class LoopbackTestServer implements AutoCloseable {

    record Seen(String path, String method, String authorization, String cookie) {
    }

    private final Server server = new Server();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    LoopbackTestServer() throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                seen.add(new Seen(path, request.getMethod(), request.getHeaders().get(HttpHeader.AUTHORIZATION),
                        request.getHeaders().get(HttpHeader.COOKIE)));
                Fields query = Request.extractQueryParameters(request);
                switch (path) {
                    case "/redirect" -> {
                        response.setStatus(Integer.parseInt(query.getValue("status") == null ? "302"
                                : query.getValue("status")));
                        response.getHeaders().put(HttpHeader.LOCATION, query.getValue("to"));
                        callback.succeeded();
                    }
                    case "/ok" -> {
                        response.getHeaders().put("Set-Cookie", "sid=upstream");
                        response.getHeaders().put("Keep-Alive", "timeout=5");
                        response.getHeaders().put("X-Kept", "yes");
                        Content.Sink.write(response, true, "ok", callback);
                    }
                    case "/big" -> response.write(true, ByteBuffer.wrap(new byte[64 * 1024]), callback);
                    default -> {
                        response.setStatus(404);
                        Content.Sink.write(response, true, "no", callback);
                    }
                }
                return true;
            }
        });
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    URI url(String host, String pathAndQuery) {
        return URI.create("http://" + host + ":" + port() + pathAndQuery);
    }

    URI redirect(String host, String to, int status) {
        return url(host, "/redirect?status=" + status + "&to="
                + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8));
    }

    List<Seen> seen() {
        return seen;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
