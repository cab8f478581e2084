package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ProblemDetails;
import dev.gatehouse.admin.api.SecretUpload;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
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

    /** What the gateway did with a value sent by {@link #putSecret}. */
    record Stored(boolean created, List<String> restarting) {
    }

    /**
     * Sends a secret's value as {@link SecretUpload} describes, then wipes {@code utf8}. The value is only ever in
     * the request body.
     */
    Stored putSecret(String path, byte[] utf8) throws CliFailure {
        try {
            ContentResponse response = send(HttpMethod.PUT, path, utf8, SecretUpload.MEDIA_TYPE);
            String restarting = response.getHeaders().get(SecretUpload.RESTARTING_HEADER);
            return new Stored(response.getStatus() == 201, restarting == null || restarting.isBlank() ? List.of()
                    : List.of(restarting.split(",\\s*")));
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    String text(String path) throws CliFailure {
        return send(HttpMethod.GET, path, null, null).getContentAsString();
    }

    private ContentResponse send(HttpMethod method, String path, byte[] body, String type) throws CliFailure {
        try {
            start();
            Request request = http.newRequest("http://localhost" + path).method(method)
                    .transport(new Transport.TCPUnix(socket)).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (body != null) {
                request.body(new BytesRequestContent(type, body));
            }
            ContentResponse response = request.send();
            if (response.getStatus() >= 400) {
                throw CliFailure.problem(problem(response.getStatus(), response.getContent()));
            }
            return response;
        } catch (Exception e) {
            throw failure(e);
        }
    }

    /**
     * A {@code GET} whose answer is read as it arrives (an export, a follow stream): the body, to be read to its
     * end and closed by the caller. {@code idle} bounds the wait for each next bytes, not the whole answer.
     */
    InputStream stream(String path, Duration idle) throws CliFailure {
        try {
            start();
            InputStreamResponseListener listener = new InputStreamResponseListener();
            http.newRequest("http://localhost" + path).method(HttpMethod.GET).transport(new Transport.TCPUnix(socket))
                    .idleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS).send(listener);
            Response response = listener.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            InputStream body = listener.getInputStream();
            if (response.getStatus() >= 400) {
                try (body) {
                    throw CliFailure.problem(problem(response.getStatus(), body.readNBytes(64 * 1024)));
                }
            }
            return body;
        } catch (Exception e) {
            throw failure(e);
        }
    }

    /** What went wrong talking to the gateway, as the user is told it. */
    private CliFailure failure(Exception thrown) {
        return switch (thrown) {
            case CliFailure failure -> failure;
            case ExecutionException e when e.getCause() instanceof ConnectException
                    || e.getCause() instanceof IOException && e.getCause().getCause() instanceof ConnectException ->
                    CliFailure.notRunning(socket);
            case ExecutionException e -> CliFailure.io("the gateway did not answer: " + e.getCause().getMessage());
            case TimeoutException e -> CliFailure.io("the gateway did not answer within " + TIMEOUT.toSeconds()
                    + " s");
            case InterruptedException e -> {
                Thread.currentThread().interrupt();
                yield CliFailure.io("interrupted");
            }
            default -> CliFailure.io("cannot reach the gateway at " + socket + ": " + thrown.getMessage());
        };
    }

    /** Starts the client on first use; a socket that is not there means no gateway runs. */
    private void start() throws Exception {
        if (!Files.exists(socket)) {
            throw CliFailure.notRunning(socket);
        }
        if (!http.isStarted()) {
            http.start();
        }
    }

    private ProblemDetails problem(int status, byte[] content) {
        try {
            return mapper.readValue(content, ProblemDetails.class);
        } catch (JacksonException e) {
            return new ProblemDetails(ProblemDetails.TYPE_PREFIX + "unknown", "HTTP " + status, status,
                    new String(content, StandardCharsets.UTF_8), null);
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
