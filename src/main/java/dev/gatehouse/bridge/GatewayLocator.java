package dev.gatehouse.bridge;

import dev.gatehouse.config.PlaneToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the running gateway of a home the way every client command does: its management socket answers
 * {@code GET /api/status}, which names the MCP plane's URL. Only a loopback URL is accepted, so the bridge never
 * sends a client's traffic off the machine whatever the socket answers.
 */
final class GatewayLocator {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_STATUS_BYTES = 4 * 1024 * 1024;

    private final Path home;
    private final Path socket;
    private final JsonMapper mapper;

    GatewayLocator(Path home, Path socket, JsonMapper mapper) {
        this.home = home;
        this.socket = socket;
        this.mapper = mapper;
    }

    Path home() {
        return home;
    }

    /**
     * Where to send MCP traffic: the endpoint of {@code target} on the running gateway's plane. Fails with
     * {@link BridgeFailure#NOT_RUNNING} when no gateway answers on the socket, and with a usage failure when the
     * gateway has no such server or profile.
     */
    PlaneAddress locate(BridgeTarget target) throws BridgeFailure {
        JsonNode status = status();
        URI url;
        try {
            url = new URI(status.path("mcpUrl").asString(""));
        } catch (URISyntaxException e) {
            throw BridgeFailure.failed("the gateway reported an unreadable MCP URL");
        }
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
            throw BridgeFailure.failed("the gateway reported an MCP URL the bridge cannot use: " + url);
        }
        InetAddress address;
        try {
            // A literal only: the gateway always reports one, and no name service is started to read it.
            String host = url.getHost();
            address = InetAddress.ofLiteral(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            throw BridgeFailure.failed("the gateway reported an MCP URL whose host is not an IP address: " + url);
        }
        if (!address.isLoopbackAddress()) {
            throw BridgeFailure.failed("the gateway reported a non-loopback MCP URL, refused: " + url);
        }
        String path = target.path(status, url.getRawPath());
        return new PlaneAddress(new InetSocketAddress(address, url.getPort()), url.getRawAuthority(), path,
                this::token);
    }

    /** Whether a gateway answers on the socket now. */
    boolean answers() {
        try {
            status();
            return true;
        } catch (BridgeFailure e) {
            return false;
        }
    }

    /**
     * The plane's bearer token, read from the home each time it is needed so a rotation takes effect; null when
     * there is none or it cannot be read. The gateway wants it only when {@code require_token} is on or the peer
     * cannot be identified, and never forwards it, so it is always sent.
     */
    String token() {
        try {
            String token = Files.readString(home.resolve(PlaneToken.FILE_NAME), StandardCharsets.US_ASCII).strip();
            return token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? null : token;
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode status() throws BridgeFailure {
        if (!Files.exists(socket)) {
            throw BridgeFailure.notRunning(home, socket);
        }
        FutureTask<byte[]> query = new FutureTask<>(this::queryStatus);
        Thread.ofPlatform().daemon().name("gatehouse-status").start(query);
        try {
            return mapper.readTree(query.get(STATUS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw BridgeFailure.notRunning(home, socket);
            }
            throw BridgeFailure.failed("the gateway's status could not be read: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            query.cancel(true);
            throw BridgeFailure.failed("the gateway did not answer on " + socket + " within "
                    + STATUS_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BridgeFailure.failed("interrupted while asking the gateway for its status");
        } catch (JacksonException e) {
            throw BridgeFailure.failed("the gateway's status is not JSON: " + e.getOriginalMessage());
        }
    }

    private byte[] queryStatus() throws IOException {
        LoopbackHttp.Request request = new LoopbackHttp.Request("GET", "/api/status",
                Map.of("Accept", "application/json"), null);
        try (HttpAnswer answer = LoopbackHttp.exchange(UnixDomainSocketAddress.of(socket), "localhost", request)) {
            if (answer.status() != 200) {
                throw new IllegalStateException("HTTP " + answer.status() + " from /api/status");
            }
            return answer.readBody(MAX_STATUS_BYTES);
        }
    }
}
