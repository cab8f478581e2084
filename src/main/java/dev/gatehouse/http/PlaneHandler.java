package dev.gatehouse.http;

import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.routing.View;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request on the loopback plane passes the gate first, then goes to the MCP endpoints or the health check.
 * Runs on a virtual thread per request, so the endpoints may block. No CORS headers are ever written.
 */
final class PlaneHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(PlaneHandler.class);

    private final LoopbackGate gate = new LoopbackGate();
    private final Gateway gateway;
    private final JsonMapper mapper;
    private final HttpReplies replies;
    private final McpEndpoint mcp;
    private final PlaneOptions options;
    private final PeerCheck peers;
    private final LegacySseEndpoint legacySse;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final OAuthCallbackEndpoint oauthCallback = new OAuthCallbackEndpoint();

    PlaneHandler(Gateway gateway, JsonRpcCodec codec, PlaneOptions options, PeerCheck peers) {
        this.gateway = gateway;
        this.mapper = codec.mapper();
        this.replies = new HttpReplies(codec);
        this.mcp = new McpEndpoint(gateway, codec, options);
        this.legacySse = new LegacySseEndpoint(gateway, codec, options);
        this.options = options;
        this.peers = peers;
    }

    InFlightRequests inFlight() {
        return inFlight;
    }

    OAuthCallbackEndpoint oauthCallback() {
        return oauthCallback;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean stream = request.getMethod().equals("GET");
        try {
            if (!stream && !inFlight.enter()) {
                replies.error(response, 503, RpcError.INTERNAL_ERROR, "The gateway is shutting down");
                callback.succeeded();
                return true;
            }
            try {
                route(request, response);
            } finally {
                if (!stream) {
                    inFlight.exit();
                }
            }
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                LOG.error("request to {} failed", Request.getPathInContext(request), e);
            }
            callback.failed(e);
        }
        return true;
    }

    private void route(Request request, Response response) throws IOException {
        Optional<String> refusal = gate.refuse(request.getHeaders());
        if (refusal.isPresent()) {
            LOG.warn("refused a request to {}: {}", Request.getPathInContext(request), refusal.get());
            replies.error(response, 403, RpcError.INVALID_REQUEST, "Forbidden: " + refusal.get());
            return;
        }
        if (Request.getPathInContext(request).equals(OAuthCallbackEndpoint.PATH)) {
            oauthCallback.serve(request, response);
            return;
        }
        if (!admitted(request, response)) {
            return;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/healthz")) {
            health(request, response);
            return;
        }
        if (path.equals("/metrics")) {
            metrics(request, response);
            return;
        }
        Optional<View> view = gateway.view(path);
        if (view.isPresent()) {
            mcp.serve(path, view.get(), request, response);
            return;
        }
        if (path.endsWith("/sse") || path.endsWith("/messages")) {
            String base = path.substring(0, path.lastIndexOf('/'));
            String viewPath = base + "/mcp";
            Optional<View> legacyView = gateway.view(viewPath);
            if (legacyView.isPresent()) {
                if (path.endsWith("/sse")) {
                    legacySse.stream(viewPath, base + "/messages", request, response);
                } else {
                    legacySse.message(viewPath, legacyView.get(), request, response);
                }
                return;
            }
        }
        replies.error(response, 404, RpcError.INVALID_REQUEST, path.startsWith("/p/")
                ? "Not found: " + path + " names no configured profile ('gatehouse profile list' shows them)"
                : "Not found: " + path);
    }

    /**
     * Other local users are refused outright. The bearer token is required when the config asks for it and
     * whenever the peer's user cannot be identified; it authenticates to the gateway only and is never forwarded.
     */
    private boolean admitted(Request request, Response response) throws IOException {
        PeerCheck.Peer peer = peers.peerOf(request.getConnectionMetaData());
        if (peer == PeerCheck.Peer.OTHER_USER) {
            replies.error(response, 403, RpcError.INVALID_REQUEST,
                    "Forbidden: the connection belongs to another local user");
            return false;
        }
        if (!options.requireToken() && peer == PeerCheck.Peer.SAME_USER) {
            return true;
        }
        if (options.token() != null && options.token().matches(bearer(request))) {
            return true;
        }
        response.getHeaders().put("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
        replies.error(response, 401, RpcError.INVALID_REQUEST,
                "Unauthorized: send Authorization: Bearer with the token from 'gatehouse token show'");
        return false;
    }

    /** The token of exactly one {@code Authorization: Bearer} header, else null. */
    private static String bearer(Request request) {
        List<String> values = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (values.size() != 1) {
            return null;
        }
        String value = values.getFirst().strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        return value.substring(space + 1).strip();
    }

    /** Names and states only: no command line, environment or secret belongs here. */
    private void health(Request request, Response response) throws IOException {
        if (!getOnly(request, response)) {
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("status", "ok");
        ArrayNode servers = body.putArray("servers");
        gateway.health().forEach(s -> servers.addObject().put("name", s.name()).put("state", s.state()));
        replies.json(response, 200, mapper.writeValueAsBytes(body));
    }

    /** The same Prometheus text as the management socket's {@code /api/metrics}; it only reads. */
    private void metrics(Request request, Response response) throws IOException {
        if (getOnly(request, response)) {
            ApiHandler.send(response, 200, ApiHandler.PROMETHEUS_TEXT,
                    gateway.metrics().scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    private boolean getOnly(Request request, Response response) throws IOException {
        if (request.getMethod().equals("GET")) {
            return true;
        }
        response.getHeaders().put("Allow", "GET");
        replies.error(response, 405, RpcError.INVALID_REQUEST, "Method not allowed: " + request.getMethod());
        return false;
    }
}
