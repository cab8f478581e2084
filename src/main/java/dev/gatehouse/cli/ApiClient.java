package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ProblemDetails;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a gateway's management API over its Unix socket with Jetty's HTTP client (the JDK's client cannot use
 * Unix sockets). Lenient about fields it does not know, so an older CLI keeps working with a newer gateway.
 */
final class ApiClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path socket;
    private final HttpClient http = new HttpClient();
    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    ApiClient(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    JsonMapper mapper() {
        return mapper;
    }

    <T> T get(String path, Class<T> type) throws CliFailure {
        return decode(send(HttpMethod.GET, path, null, null), type);
    }

    <T> T post(String path, Object body, Class<T> type) throws CliFailure {
        return decode(send(HttpMethod.POST, path, body == null ? null : mapper.writeValueAsBytes(body),
                "application/json"), type);
    }

    <T> T postText(String path, String body, Class<T> type) throws CliFailure {
        return decode(send(HttpMethod.POST, path, body.getBytes(StandardCharsets.UTF_8), "application/toml"), type);
    }

    <T> T put(String path, Object body, Class<T> type) throws CliFailure {
        return decode(send(HttpMethod.PUT, path, mapper.writeValueAsBytes(body), "application/json"), type);
    }

    <T> T delete(String path, Class<T> type) throws CliFailure {
        return decode(send(HttpMethod.DELETE, path, null, null), type);
    }

    String text(String path) throws CliFailure {
        return send(HttpMethod.GET, path, null, null).getContentAsString();
    }

    private ContentResponse send(HttpMethod method, String path, byte[] body, String type) throws CliFailure {
        if (!Files.exists(socket)) {
            throw CliFailure.notRunning(socket);
        }
        try {
            if (!http.isStarted()) {
                http.start();
            }
            Request request = http.newRequest("http://localhost" + path).method(method)
                    .transport(new Transport.TCPUnix(socket)).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (body != null) {
                request.body(new BytesRequestContent(type, body));
            }
            ContentResponse response = request.send();
            if (response.getStatus() >= 400) {
                throw CliFailure.problem(problem(response));
            }
            return response;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof IOException
                    && e.getCause().getCause() instanceof ConnectException) {
                throw CliFailure.notRunning(socket);
            }
            throw CliFailure.io("the gateway did not answer: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw CliFailure.io("the gateway did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.io("interrupted");
        } catch (CliFailure e) {
            throw e;
        } catch (Exception e) {
            throw CliFailure.io("cannot reach the gateway at " + socket + ": " + e.getMessage());
        }
    }

    private ProblemDetails problem(ContentResponse response) {
        try {
            return mapper.readValue(response.getContent(), ProblemDetails.class);
        } catch (JacksonException e) {
            return new ProblemDetails(ProblemDetails.TYPE_PREFIX + "unknown", "HTTP " + response.getStatus(),
                    response.getStatus(), response.getContentAsString(), null);
        }
    }

    private <T> T decode(ContentResponse response, Class<T> type) throws CliFailure {
        try {
            return mapper.readValue(response.getContent(), type);
        } catch (JacksonException e) {
            throw CliFailure.io("the gateway's answer could not be read (" + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // The process is about to exit; a client that does not stop cleanly changes nothing.
        }
    }
}
