package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A protected resource and its authorization server on 127.0.0.1, scriptable: documents by path, an authorization
 * endpoint that approves at once (redirecting with a code, the state and an {@code iss} chosen by the test, or to
 * a location the test names), a token endpoint issuing numbered tokens, dynamic registration and revocation. Every
 * authorization query and token form is recorded. Its MCP endpoint can demand a scope for tool calls (step-up).
 */
final class LoopbackAuthServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Server server = new Server();
    final Map<String, Object> documents = new ConcurrentHashMap<>();
    final List<Map<String, List<String>>> authorizations = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> tokenForms = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> revocations = new CopyOnWriteArrayList<>();
    /** The Authorization header (client authentication) of every token request, "(none)" when absent. */
    final List<String> tokenClientAuthentications = new CopyOnWriteArrayList<>();
    final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();
    volatile String issInRedirect;
    volatile String redirectOverride;
    volatile long expiresIn = 3600;
    /** Put before every token issued ("access-N", "refresh-N"), so a test can make them unique. */
    volatile String tokenPrefix = "";
    volatile boolean refuseRefresh;
    /** Every Authorization header the MCP endpoint received. */
    final List<String> mcpAuthorizations = new CopyOnWriteArrayList<>();
    /** Access token to the resource it was issued for; removed when expired or revoked. */
    private final Map<String, String> audiences = new ConcurrentHashMap<>();
    /** Access token to the scopes granted with it: those of the latest authorization request. */
    private final Map<String, List<String>> grantedScopes = new ConcurrentHashMap<>();
    /** A scope tools/call needs; a token without it is answered 403 insufficient_scope. Null: none. */
    volatile String toolScope;
    /** The open HTTP+SSE event stream, if a client holds one. */
    private volatile Response sseStream;

    LoopbackAuthServer() throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                switch (path) {
                    case "/authorize" -> authorize(request, response, callback);
                    case "/token" -> token(request, response, callback);
                    case "/register" -> {
                        registrations.incrementAndGet();
                        response.setStatus(201);
                        json(response, callback, Map.of("client_id", "client-" + registrations.get(),
                                "token_endpoint_auth_method", "none", "redirect_uris",
                                List.of("http://127.0.0.1/oauth/callback")));
                    }
                    case "/revoke" -> {
                        Map<String, List<String>> form = form(request);
                        revocations.add(form);
                        audiences.remove(form.get("token").getFirst());
                        json(response, callback, Map.of());
                    }
                    case "/mcp" -> mcp(request, response, callback);
                    case "/sse" -> sseStream(request, response, callback);
                    case "/sse/messages" -> ssePost(request, response, callback);
                    default -> {
                        Object document = documents.get(path);
                        if (document == null) {
                            response.setStatus(404);
                            Content.Sink.write(response, true, "no", callback);
                        } else {
                            json(response, callback, document);
                        }
                    }
                }
                return true;
            }
        });
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    URI mcpUrl() {
        return URI.create(base() + "/mcp");
    }

    /** The same server over the deprecated HTTP+SSE transport: GET here, then POST to the endpoint it names. */
    URI sseUrl() {
        return URI.create(base() + "/sse");
    }

    /** Publishes resource metadata for /mcp and authorization server metadata for the issuer {@link #base()}. */
    LoopbackAuthServer standard() {
        for (String resource : List.of("/mcp", "/sse")) {
            documents.put("/.well-known/oauth-protected-resource" + resource, new LinkedHashMap<>(Map.of(
                    "resource", base() + resource, "authorization_servers", List.of(base()),
                    "scopes_supported", List.of("mcp:read"))));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", base());
        metadata.put("authorization_endpoint", base() + "/authorize");
        metadata.put("token_endpoint", base() + "/token");
        metadata.put("registration_endpoint", base() + "/register");
        metadata.put("revocation_endpoint", base() + "/revoke");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        documents.put("/.well-known/oauth-authorization-server", metadata);
        issInRedirect = base();
        return this;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMetadata() {
        return (Map<String, Object>) documents.get("/.well-known/oauth-authorization-server");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resourceMetadata() {
        return (Map<String, Object>) documents.get("/.well-known/oauth-protected-resource/mcp");
    }

    private void authorize(Request request, Response response, Callback callback) {
        Map<String, List<String>> query = URLUtils.parseParameters(request.getHttpURI().getQuery());
        authorizations.add(query);
        String location = redirectOverride;
        if (location == null) {
            StringBuilder target = new StringBuilder(query.get("redirect_uri").getFirst()).append("?code=code-")
                    .append(authorizations.size()).append("&state=").append(query.get("state").getFirst());
            if (issInRedirect != null) {
                target.append("&iss=").append(URLUtils.serializeParameters(Map.of("x", List.of(issInRedirect)))
                        .substring(2));
            }
            location = target.toString();
        }
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        callback.succeeded();
    }

    private void token(Request request, Response response, Callback callback) throws Exception {
        Map<String, List<String>> form = form(request);
        tokenForms.add(form);
        String clientAuthentication = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        tokenClientAuthentications.add(clientAuthentication == null ? "(none)" : clientAuthentication);
        if (refuseRefresh && "refresh_token".equals(form.get("grant_type").getFirst())) {
            response.setStatus(400);
            json(response, callback, Map.of("error", "invalid_grant"));
            return;
        }
        int n = issued.incrementAndGet();
        String access = tokenPrefix + "access-" + n;
        audiences.put(access, form.get("resource").getFirst());
        List<String> scopes = authorizations.isEmpty() || !authorizations.getLast().containsKey("scope")
                ? List.of("mcp:read") : List.of(authorizations.getLast().get("scope").getFirst().split(" "));
        grantedScopes.put(access, scopes);
        json(response, callback, Map.of("access_token", access, "refresh_token", tokenPrefix + "refresh-" + n,
                "token_type", "Bearer", "expires_in", expiresIn, "scope", String.join(" ", scopes)));
    }

    /** Every access token issued so far stops being accepted, as if it had expired. */
    void expireAll() {
        audiences.clear();
    }

    /**
     * A small legacy-era MCP server that accepts only access tokens issued here for its own URL (audience) and not
     * expired: {@code initialize}, {@code tools/list} with one tool {@code whoami}, {@code tools/call}.
     */
    private void mcp(Request request, Response response, Callback callback) throws Exception {
        if (!request.getMethod().equals("POST")) {
            mcpAuthorizations.add(authorizationOf(request));
            response.setStatus(405);
            callback.succeeded();
            return;
        }
        if (!authorized(request, response, callback, "/mcp")) {
            return;
        }
        var body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
        if (!body.has("id")) {
            response.setStatus(202);
            callback.succeeded();
            return;
        }
        if (stepUpRefused(request, body, response, callback, "/mcp")) {
            return;
        }
        json(response, callback, answer(body));
    }

    /** Opens the HTTP+SSE event stream and names the endpoint that messages are posted to. */
    private void sseStream(Request request, Response response, Callback callback) {
        if (!authorized(request, response, callback, "/sse")) {
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        sseStream = response;
        Content.Sink.write(response, false, "event: endpoint\ndata: /sse/messages\n\n", Callback.NOOP);
    }

    /** A message for the HTTP+SSE server: accepted with 202, its answer sent on the event stream. */
    private void ssePost(Request request, Response response, Callback callback) throws Exception {
        if (!authorized(request, response, callback, "/sse")) {
            return;
        }
        var body = JSON.readTree(Content.Source.asString(request, StandardCharsets.UTF_8));
        response.setStatus(202);
        callback.succeeded();
        Response stream = sseStream;
        if (body.has("id") && stream != null) {
            Content.Sink.write(stream, false, "event: message\ndata: " + JSON.writeValueAsString(answer(body))
                    + "\n\n", Callback.NOOP);
        }
    }

    private static String authorizationOf(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return authorization == null ? "(none)" : authorization;
    }

    private static String tokenOf(Request request) {
        String authorization = authorizationOf(request);
        return authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
    }

    /** Whether the request carries a live token issued for {@code resource}; if not, it is answered 401. */
    private boolean authorized(Request request, Response response, Callback callback, String resource) {
        mcpAuthorizations.add(authorizationOf(request));
        if ((base() + resource).equals(audiences.get(tokenOf(request)))) {
            return true;
        }
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", resource_metadata=\""
                + base() + "/.well-known/oauth-protected-resource" + resource + "\"");
        json(response, callback, Map.of("error", "invalid_token"));
        return false;
    }

    /** A tools/call whose token lacks {@link #toolScope} is answered 403 insufficient_scope. */
    private boolean stepUpRefused(Request request, JsonNode body, Response response, Callback callback,
                                  String resource) {
        String needed = toolScope;
        if (needed == null || !"tools/call".equals(body.path("method").asString())
                || grantedScopes.getOrDefault(tokenOf(request), List.of()).contains(needed)) {
            return false;
        }
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\""
                + needed + "\", resource_metadata=\"" + base() + "/.well-known/oauth-protected-resource" + resource
                + "\"");
        json(response, callback, Map.of("error", "insufficient_scope"));
        return true;
    }

    /** The answer of a small legacy-era server: initialize, tools/list with one tool whoami, tools/call. */
    private static Map<String, Object> answer(JsonNode body) {
        Object result = switch (body.path("method").asString()) {
            case "initialize" -> Map.of("protocolVersion", "2025-11-25", "capabilities", Map.of("tools", Map.of()),
                    "serverInfo", Map.of("name", "loopback-protected", "version", "1"));
            case "tools/list" -> Map.of("tools", List.of(Map.of("name", "whoami", "inputSchema",
                    Map.of("type", "object"))));
            case "tools/call" -> Map.of("content", List.of(Map.of("type", "text", "text", "hello")));
            default -> null;
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jsonrpc", "2.0");
        answer.put("id", JSON.treeToValue(body.get("id"), Object.class));
        if (result == null) {
            answer.put("error", Map.of("code", -32601, "message", "Method not found"));
        } else {
            answer.put("result", result);
        }
        return answer;
    }

    private static Map<String, List<String>> form(Request request) throws Exception {
        return URLUtils.parseParameters(Content.Source.asString(request, StandardCharsets.UTF_8));
    }

    private static void json(Response response, Callback callback, Object body) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, JSON.writeValueAsString(body), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
