package dev.gatehouse.http;

import dev.gatehouse.admin.AuthResource;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@code GET /oauth/callback}: where the user's browser lands after signing in to a remote server's authorization
 * server. The {@code state} it carries (random, single use, ten minutes) is what admits it, not the plane token a
 * browser does not have. The page is static text: a Content-Security-Policy allowing nothing (no script, no
 * style, no frame, no form), no referrer (the URL held a code), never cached.
 */
final class OAuthCallbackEndpoint {

    static final String PATH = "/oauth/callback";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private volatile AuthResource auth;

    void bind(AuthResource resource) {
        this.auth = resource;
    }

    void serve(Request request, Response response) throws IOException {
        AuthResource resource = auth;
        int status;
        String message;
        if (!request.getMethod().equals("GET")) {
            status = 405;
            message = "Only the browser's GET belongs here.";
        } else if (resource == null) {
            status = 404;
            message = "This gateway has no sign-in waiting (it runs without its management socket).";
        } else {
            AuthResource.CallbackOutcome outcome = resource.complete(URI.create(request.getHttpURI().asString()));
            status = outcome.signedIn() ? 200 : 400;
            message = outcome.message();
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Frame-Options", "DENY");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Gatehouse sign-in</title></head>"
                + "<body><h1>Gatehouse</h1><p>" + escape(message) + "</p></body></html>";
        Content.Sink.write(response, true, ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8)));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
