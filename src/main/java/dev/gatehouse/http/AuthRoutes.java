package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.AuthResource;
import java.util.List;

/**
 * {@code /api/auth}: {@code GET} lists every remote server's sign-in, {@code GET /api/auth/NAME} shows one,
 * {@code POST /api/auth/NAME/login} starts a sign-in (answering the URL to open), {@code POST
 * /api/auth/NAME/logout} signs out.
 */
final class AuthRoutes {

    private AuthRoutes() {
    }

    static Object route(AuthResource auth, String method, String path, List<String> parts) {
        if (parts.size() == 1) {
            return ApiHandler.only(parts, 1, method, "GET", path, auth::list);
        }
        String name = parts.get(1);
        if (parts.size() == 2) {
            return ApiHandler.only(parts, 2, method, "GET", path, () -> auth.show(name));
        }
        if (parts.size() != 3) {
            throw AdminProblem.notFound(path);
        }
        return switch (parts.get(2)) {
            case "login" -> ApiHandler.only(parts, 3, method, "POST", path, () -> auth.login(name));
            case "logout" -> ApiHandler.only(parts, 3, method, "POST", path, () -> auth.logout(name));
            default -> throw AdminProblem.notFound(path);
        };
    }
}
