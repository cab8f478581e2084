package dev.gatehouse.net;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

/**
 * Sends the gateway's own requests and follows redirects by hand, each hop passing the {@link AddressPolicy}
 * again: the URL's scheme here, the address connected to in the {@link PinnedResolver}. A redirect to another
 * origin loses the credentials of the first; 303, and 301/302 after a POST, become a GET without body, as
 * browsers do.
 */
public final class GuardedClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

    private final HttpClient client;
    private final AddressPolicy policy;
    private final int maxRedirects;

    /** {@code client} must come from {@link ClientFactory} with the same policy. */
    public GuardedClient(HttpClient client, AddressPolicy policy, int maxRedirects) {
        if (client.isFollowRedirects()) {
            throw new IllegalArgumentException("the client must not follow redirects on its own");
        }
        this.client = client;
        this.policy = policy;
        this.maxRedirects = maxRedirects;
    }

    public GuardedResponse send(OutboundRequest request) throws IOException, InterruptedException {
        URI uri = request.uri();
        String method = request.method();
        byte[] body = request.body();
        Map<String, String> headers = request.headers();
        for (int hop = 0; ; hop++) {
            policy.checkUrl(uri);
            ContentResponse response = exchange(uri, method, headers, body, request);
            String location = response.getHeaders().get("Location");
            if (!REDIRECTS.contains(response.getStatus()) || location == null) {
                return new GuardedResponse(uri, response.getStatus(),
                        HeaderPolicy.filter(response.getHeaders(), HeaderPolicy.Direction.TO_CLIENT).asImmutable(),
                        response.getContent());
            }
            if (hop == maxRedirects) {
                throw new DestinationRefusedException("more than " + maxRedirects + " redirects from "
                        + request.uri().getHost());
            }
            URI next = resolve(uri, location);
            int status = response.getStatus();
            if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                method = "GET";
                body = null;
            }
            if (!AddressPolicy.sameOrigin(uri, next)) {
                headers = withoutCredentials(headers);
            }
            uri = next;
        }
    }

    /**
     * One exchange after the policy check, a redirect returned as it came rather than followed: for a caller that
     * wants the {@code Location} itself (the OAuth client catching the redirect to its own callback).
     */
    public GuardedResponse sendOnce(OutboundRequest request) throws IOException, InterruptedException {
        policy.checkUrl(request.uri());
        ContentResponse response = exchange(request.uri(), request.method(), request.headers(), request.body(),
                request);
        return new GuardedResponse(request.uri(), response.getStatus(),
                HeaderPolicy.filter(response.getHeaders(), HeaderPolicy.Direction.TO_CLIENT).asImmutable(),
                response.getContent());
    }

    private ContentResponse exchange(URI uri, String method, Map<String, String> headers, byte[] body,
                                     OutboundRequest request) throws IOException, InterruptedException {
        Request outbound = client.newRequest(uri).method(method).followRedirects(false)
                .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        outbound.headers(fields -> headers.forEach(fields::put));
        if (body != null) {
            outbound.body(new BytesRequestContent(request.contentType(), body));
        }
        try {
            return new CompletableResponseListener(outbound, request.maxResponseBytes()).send()
                    .get(request.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof DestinationRefusedException)
                    && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof DestinationRefusedException refused) {
                throw refused;
            }
            throw new IOException(method + " " + uri.getHost() + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + " " + uri.getHost() + " timed out after "
                    + request.timeout().toMillis() + " ms", e);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        return message == null ? String.valueOf(failure) : message;
    }

    private static URI resolve(URI base, String location) throws DestinationRefusedException {
        try {
            URI target = new URI(location.strip());
            return base.resolve(target);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DestinationRefusedException("redirect from " + base.getHost() + " to an unparseable Location");
        }
    }

    private static Map<String, String> withoutCredentials(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(h -> !CREDENTIALS.contains(h.getKey().toLowerCase(Locale.ROOT)))
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
