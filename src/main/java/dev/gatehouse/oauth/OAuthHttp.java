package dev.gatehouse.oauth;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.gatehouse.net.DestinationRefusedException;
import dev.gatehouse.net.GuardedClient;
import dev.gatehouse.net.GuardedResponse;
import dev.gatehouse.net.OutboundRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

/**
 * Every request the OAuth client sends goes through here and so through the {@link GuardedClient}: the address
 * policy on every URL and every redirect hop (DESIGN invariant 7). Nimbus builds and parses the messages; this
 * class carries them.
 */
public final class OAuthHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_BODY = 256 * 1024;

    private final GuardedClient client;

    public OAuthHttp(GuardedClient client) {
        this.client = client;
    }

    /** Sends a Nimbus request, following redirects through the policy. */
    HTTPResponse send(HTTPRequest request) throws OAuthException {
        return toNimbus(exchange(request));
    }

    /** A GET of {@code url} whose first answer is returned, a redirect included (not followed). */
    GuardedResponse getOnce(URI url) throws OAuthException {
        return guarded(url, () -> client.sendOnce(new OutboundRequest("GET", url, Map.of("Accept", "text/html"),
                null, null, TIMEOUT, MAX_BODY)));
    }

    /** A JSON object from {@code url}, or empty when the server has no such document (any non-200 answer). */
    Optional<JSONObject> getJson(URI url) throws OAuthException {
        GuardedResponse response = exchange(new HTTPRequest(HTTPRequest.Method.GET, url));
        if (response.status() != 200) {
            return Optional.empty();
        }
        try {
            Object parsed = new JSONParser(JSONParser.MODE_RFC4627)
                    .parse(new String(response.body(), StandardCharsets.UTF_8));
            return parsed instanceof JSONObject object ? Optional.of(object) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private GuardedResponse exchange(HTTPRequest request) throws OAuthException {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaderMap().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        headers.putIfAbsent("Accept", "application/json");
        String body = request.getBody();
        ContentType type = request.getEntityContentType();
        OutboundRequest outbound = new OutboundRequest(request.getMethod().name(), request.getURI(), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), type == null ? null : type.toString(),
                TIMEOUT, MAX_BODY);
        return guarded(request.getURI(), () -> client.send(outbound));
    }

    /** One guarded exchange; the policy's refusals and transport failures become typed errors. */
    private static GuardedResponse guarded(URI url, Exchange exchange) throws OAuthException {
        try {
            return exchange.run();
        } catch (DestinationRefusedException e) {
            throw new OAuthException(OAuthException.Reason.DESTINATION_REFUSED, "refused to contact "
                    + describe(url) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new OAuthException(OAuthException.Reason.UNREACHABLE, "could not reach "
                    + describe(url) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException(OAuthException.Reason.UNREACHABLE, "interrupted while contacting "
                    + describe(url), e);
        }
    }

    @FunctionalInterface
    private interface Exchange {
        GuardedResponse run() throws IOException, InterruptedException;
    }

    private static HTTPResponse toNimbus(GuardedResponse response) {
        HTTPResponse nimbus = new HTTPResponse(response.status());
        for (String name : response.headers().getFieldNamesCollection()) {
            List<String> values = response.headers().getValuesList(name);
            if (name.equalsIgnoreCase("Content-Type")) {
                try {
                    nimbus.setContentType(values.getFirst());
                } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                    continue;
                }
            } else {
                nimbus.setHeader(name, values.toArray(String[]::new));
            }
        }
        if (response.body() != null && response.body().length > 0) {
            nimbus.setContent(new String(response.body(), StandardCharsets.UTF_8));
        }
        return nimbus;
    }

    /** A URL as it may appear in a message: scheme, host, port and path, never a query (it can carry a code). */
    static String describe(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme() + "://";
        String host = url.getHost() == null ? "" : url.getHost();
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return scheme + host + port + path;
    }
}
