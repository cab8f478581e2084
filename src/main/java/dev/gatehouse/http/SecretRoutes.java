package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.SecretsResource;
import dev.gatehouse.admin.api.SecretUpload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@code /api/secrets}: {@code GET} lists, {@code GET|PUT|DELETE /api/secrets/NAME} shows, sets and deletes one,
 * {@code POST /api/secrets/rotate-key} rotates the data key. A value is accepted only as the {@code text/plain}
 * UTF-8 body of {@code PUT}, answered as {@link SecretUpload} describes.
 */
final class SecretRoutes {

    private static final String ROTATE_KEY = "rotate-key";

    private final SecretsResource secrets;

    SecretRoutes(SecretsResource secrets) {
        this.secrets = secrets;
    }

    /** The answer to write as JSON, or null when the answer was written here. */
    Object route(Request request, Response response, String method, String path, List<String> parts)
            throws IOException {
        if (parts.size() == 1) {
            return ApiHandler.only(parts, 1, method, "GET", path, secrets::list);
        }
        if (parts.size() != 2) {
            throw AdminProblem.notFound(path);
        }
        String name = parts.get(1);
        return switch (method) {
            case "POST" -> {
                if (!name.equals(ROTATE_KEY)) {
                    throw AdminProblem.methodNotAllowed(method, path);
                }
                yield secrets.rotateKey();
            }
            case "GET" -> secrets.show(name);
            case "DELETE" -> secrets.delete(name, flag(request, "force", false));
            case "PUT" -> {
                requirePlainText(request);
                SecretsResource.Stored stored = secrets.set(name, ApiHandler.readBody(request),
                        flag(request, "restart", true));
                answerWithoutBody(response, stored.created(), path, stored.restarting());
                yield null;
            }
            default -> throw AdminProblem.methodNotAllowed(method, path);
        };
    }

    /** {@code ?NAME}, {@code ?NAME=} and {@code ?NAME=true} are true, {@code ?NAME=false} false. */
    private static boolean flag(Request request, String name, boolean absent) {
        String value = Request.extractQueryParameters(request).getValue(name);
        if (value == null) {
            return absent;
        }
        return switch (value) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw AdminProblem.badRequest("'" + name + "' must be true or false");
        };
    }

    private static void requirePlainText(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String[] parts = type == null ? new String[] {""} : type.split(";");
        boolean plain = parts[0].strip().equalsIgnoreCase("text/plain");
        for (int i = 1; i < parts.length && plain; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            plain = !parameter.startsWith("charset=") || parameter.equals("charset=utf-8");
        }
        if (!plain) {
            throw AdminProblem.unsupportedMediaType("send the value as the whole body, Content-Type: text/plain;"
                    + " charset=utf-8");
        }
    }

    private static void answerWithoutBody(Response response, boolean created, String path, List<String> restarting)
            throws IOException {
        response.setStatus(created ? 201 : 204);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (created) {
            response.getHeaders().put(HttpHeader.LOCATION, path);
        }
        if (!restarting.isEmpty()) {
            response.getHeaders().put(SecretUpload.RESTARTING_HEADER, String.join(", ", restarting));
        }
        Content.Sink.write(response, true, ByteBuffer.allocate(0));
    }
}
