package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.ProfilesResource;
import dev.gatehouse.admin.api.ProfileSpec;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/profiles}: {@code GET} lists the profiles, {@code POST} adds one ({@link ProfileSpec}),
 * {@code GET /api/profiles/NAME} shows one with its servers' states, {@code DELETE} removes it.
 */
final class ProfileRoutes {

    private final ProfilesResource profiles;
    private final JsonMapper mapper;

    ProfileRoutes(ProfilesResource profiles, JsonMapper mapper) {
        this.profiles = profiles;
        this.mapper = mapper;
    }

    Object route(Request request, String method, String path, List<String> parts) throws IOException {
        if (parts.size() == 1) {
            return switch (method) {
                case "GET" -> profiles.list();
                case "POST" -> profiles.add(mapper.readValue(ApiHandler.readBody(request), ProfileSpec.class));
                default -> throw AdminProblem.methodNotAllowed(method, path);
            };
        }
        if (parts.size() != 2) {
            throw AdminProblem.notFound(path);
        }
        return switch (method) {
            case "GET" -> profiles.show(parts.get(1));
            case "DELETE" -> profiles.remove(parts.get(1));
            default -> throw AdminProblem.methodNotAllowed(method, path);
        };
    }
}
