package dev.gatehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

/** Raw HTTP requests to a management socket, for asserting statuses and headers exactly. */
public final class ApiCall implements AutoCloseable {

    private final HttpClient http = new HttpClient();
    private final Path socket;

    public ApiCall(Path socket) throws Exception {
        this.socket = socket;
        http.start();
    }

    public ContentResponse send(String method, String path, String body) throws Exception {
        Request request = http.newRequest("http://localhost" + path).method(HttpMethod.fromString(method))
                .transport(new Transport.TCPUnix(socket)).timeout(30, TimeUnit.SECONDS);
        if (body != null) {
            request.body(new BytesRequestContent("application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        return request.send();
    }

    @Override
    public void close() throws IOException {
        try {
            http.stop();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the test's HTTP client did not stop", e);
        }
    }
}
