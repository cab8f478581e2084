package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.ManagementApi;
import dev.gatehouse.admin.api.ImportRequest;
import dev.gatehouse.admin.api.ProblemDetails;
import dev.gatehouse.admin.api.ServerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes {@code /api/*} on the management socket to the admin resources and writes their answers as JSON, or as
 * RFC 9457 problem details. Runs on a virtual thread per request, so resources may block.
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int DEFAULT_LOG_LINES = 100;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ManagementApi api;
    private final JsonMapper mapper;
    private final SecretRoutes secrets;
    private final ToolRoutes tools;
    private final TokenRoutes token;
    private final TrafficRoutes traffic;
    private final ProfileRoutes profiles;

    ApiHandler(ManagementApi api, JsonMapper mapper) {
        this.api = api;
        this.mapper = mapper;
        this.secrets = new SecretRoutes(api.secrets());
        this.tools = new ToolRoutes(api.tools(), mapper);
        this.token = new TokenRoutes(api.token());
        this.traffic = new TrafficRoutes(api.traffic(), mapper);
        this.profiles = new ProfileRoutes(api.profiles(), mapper);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            answer(request, response);
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
        return true;
    }

    private void answer(Request request, Response response) throws IOException {
        String path = Request.getPathInContext(request);
        try {
            route(request, response, request.getMethod(), path);
        } catch (AdminProblem problem) {
            write(response, problem.details().status(), ProblemDetails.MEDIA_TYPE, problem.details());
        } catch (JacksonException e) {
            ProblemDetails bad = AdminProblem.badRequest("the body is not valid JSON for this resource").details();
            write(response, 400, ProblemDetails.MEDIA_TYPE, bad);
        } catch (IOException | RuntimeException e) {
            String correlation = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            LOG.error("management request {} {} failed (correlation id {})", request.getMethod(), path, correlation,
                    e);
            write(response, 500, ProblemDetails.MEDIA_TYPE, new ProblemDetails(ProblemDetails.TYPE_PREFIX
                    + "internal", "Internal error", 500, "see the gateway log, correlation id " + correlation, null));
        }
    }

    private void route(Request request, Response response, String method, String path) throws IOException {
        List<String> parts = path.startsWith("/api/") ? List.of(path.substring(5).split("/", -1)) : List.of();
        String resource = parts.isEmpty() ? "" : parts.getFirst();
        Object answer = switch (resource) {
            case "status" -> only(parts, 1, method, "GET", path, () -> api.status().status());
            case "servers" -> servers(request, method, path, parts);
            case "profiles" -> profiles.route(request, method, path, parts);
            case "sessions" -> sessions(method, path, parts);
            case "config" -> config(request, method, path, parts);
            case "secrets" -> secrets.route(request, response, method, path, parts);
            case "auth" -> AuthRoutes.route(api.auth(), method, path, parts);
            case "tools" -> tools.route(request, method, path, parts);
            case "token" -> token.route(method, path, parts);
            case "traffic" -> traffic.route(request, response, method, path, parts);
            case "import" -> {
                only(parts, 1, method, "POST", path, () -> null);
                yield api.imports().run(body(request, ImportRequest.class));
            }
            case "metrics" -> {
                only(parts, 1, method, "GET", path, () -> null);
                writeText(response, api.metrics());
                yield null;
            }
            default -> throw AdminProblem.notFound(path);
        };
        if (answer != null) {
            boolean created = (resource.equals("servers") || resource.equals("profiles")) && method.equals("POST")
                    && parts.size() == 1;
            write(response, created ? 201 : 200, "application/json", answer);
        }
    }

    private Object servers(Request request, String method, String path, List<String> parts) throws IOException {
        if (parts.size() == 1) {
            return switch (method) {
                case "GET" -> api.servers().list();
                case "POST" -> api.servers().add(body(request, ServerSpec.class));
                default -> throw AdminProblem.methodNotAllowed(method, path);
            };
        }
        String name = parts.get(1);
        if (parts.size() == 2) {
            return switch (method) {
                case "GET" -> api.servers().show(name);
                case "PUT" -> api.servers().update(name, body(request, ServerSpec.class));
                case "DELETE" -> api.servers().remove(name);
                default -> throw AdminProblem.methodNotAllowed(method, path);
            };
        }
        if (parts.size() != 3) {
            throw AdminProblem.notFound(path);
        }
        return switch (parts.get(2)) {
            case "enable" -> post(method, path, () -> api.servers().setEnabled(name, true));
            case "disable" -> post(method, path, () -> api.servers().setEnabled(name, false));
            case "restart" -> post(method, path, () -> api.servers().restart(name));
            case "tools" -> get(method, path, () -> api.servers().tools(name));
            case "logs" -> get(method, path, () -> api.servers().logs(name, lines(request)));
            default -> throw AdminProblem.notFound(path);
        };
    }

    private Object sessions(String method, String path, List<String> parts) {
        if (parts.size() == 1) {
            return get(method, path, () -> api.sessions().list());
        }
        if (parts.size() == 2 && method.equals("DELETE")) {
            return api.sessions().end(parts.get(1));
        }
        throw parts.size() == 2 ? AdminProblem.methodNotAllowed(method, path) : AdminProblem.notFound(path);
    }

    private Object config(Request request, String method, String path, List<String> parts) throws IOException {
        if (parts.size() == 1) {
            return get(method, path, () -> api.config().status());
        }
        return switch (parts.size() == 2 ? parts.get(1) : "") {
            case "reload" -> post(method, path, () -> api.config().reload());
            case "validate" -> {
                post(method, path, () -> null);
                String candidate = new String(readBody(request), StandardCharsets.UTF_8);
                yield api.config().validate(candidate.isEmpty() ? null : candidate);
            }
            default -> throw AdminProblem.notFound(path);
        };
    }

    private static int lines(Request request) {
        Fields query = Request.extractQueryParameters(request);
        String value = query.getValue("lines");
        if (value == null) {
            return DEFAULT_LOG_LINES;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AdminProblem.badRequest("'lines' must be a number");
        }
    }

    static Object only(List<String> parts, int size, String method, String allowed, String path,
                               java.util.function.Supplier<Object> action) {
        if (parts.size() != size) {
            throw AdminProblem.notFound(path);
        }
        if (!method.equals(allowed)) {
            throw AdminProblem.methodNotAllowed(method, path);
        }
        return action.get();
    }

    private static Object get(String method, String path, java.util.function.Supplier<Object> action) {
        return only(List.of(""), 1, method, "GET", path, action);
    }

    private static Object post(String method, String path, java.util.function.Supplier<Object> action) {
        return only(List.of(""), 1, method, "POST", path, action);
    }

    private <T> T body(Request request, Class<T> type) throws IOException {
        return mapper.readValue(readBody(request), type);
    }

    static byte[] readBody(Request request) throws IOException {
        if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > MAX_BODY_BYTES) {
            throw AdminProblem.badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw AdminProblem.badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private void write(Response response, int status, String type, Object body) throws IOException {
        send(response, status, type, mapper.writeValueAsBytes(body));
    }

    private static void writeText(Response response, String text) throws IOException {
        send(response, 200, PROMETHEUS_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static void send(Response response, int status, String type, byte[] body) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }
}
