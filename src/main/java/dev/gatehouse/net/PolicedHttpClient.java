package dev.gatehouse.net;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The Jetty client under the {@link AddressPolicy} for requests that let Jetty follow redirects (the MCP transports):
 * every redirect hop's URL is checked before it is sent (its address is checked by the {@link PinnedResolver} like
 * any other), and a hop to another origin carries only the protocol's own headers, never the credentials or other
 * headers configured for the first. Every request's headers pass {@link HeaderPolicy#cleanOwnRequest} just before
 * they are sent; a request with a header that could split or smuggle it is aborted instead.
 */
final class PolicedHttpClient extends HttpClient {

    /** Headers a redirect to another origin keeps: none of them is a credential or names the first origin's state. */
    private static final Set<String> CROSS_ORIGIN_HEADERS = Set.of("accept", "accept-encoding", "content-type",
            "user-agent", "mcp-protocol-version", "mcp-method", "mcp-name");

    private final AddressPolicy policy;

    PolicedHttpClient(HttpClientTransport transport, AddressPolicy policy) {
        super(transport);
        this.policy = policy;
        getRequestListeners().addBeginListener(PolicedHttpClient::cleanHeaders);
    }

    private static void cleanHeaders(Request request) {
        try {
            request.headers(HeaderPolicy::cleanOwnRequest);
        } catch (HeaderRejectedException rejected) {
            request.abort(rejected);
        }
    }

    /**
     * A redirect hop. {@code newUri} is the target's origin (Jetty sets the path afterwards); a refused one fails
     * the exchange before anything is sent.
     */
    @Override
    protected Request copyRequest(Request oldRequest, URI newUri) {
        try {
            policy.checkUrl(newUri);
        } catch (DestinationRefusedException refused) {
            // Jetty fails the whole exchange with what this throws; the refusal stays its cause.
            throw new UncheckedIOException(new DestinationRefusedException("a redirect from " + oldRequest.getHost()
                    + " was refused: " + refused.getMessage()));
        }
        Request copy = super.copyRequest(oldRequest, newUri);
        if (AddressPolicy.sameOrigin(oldRequest.getURI(), newUri)) {
            // Jetty drops Authorization on every redirect; on the same origin it is the same server's credential.
            HttpField authorization = oldRequest.getHeaders().getField(HttpHeader.AUTHORIZATION);
            if (authorization != null) {
                copy.headers(headers -> headers.put(authorization));
            }
        } else {
            copy.headers(headers -> {
                for (HttpField field : oldRequest.getHeaders()) {
                    if (!CROSS_ORIGIN_HEADERS.contains(field.getName().toLowerCase(Locale.ROOT))) {
                        headers.remove(field.getName());
                    }
                }
            });
        }
        return copy;
    }
}
