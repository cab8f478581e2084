package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.TokenResource;
import java.util.List;

/** {@code GET /api/token} shows the MCP plane's bearer token; {@code POST /api/token/rotate} replaces it. */
final class TokenRoutes {

    private final TokenResource token;

    TokenRoutes(TokenResource token) {
        this.token = token;
    }

    Object route(String method, String path, List<String> parts) {
        if (parts.size() == 1) {
            return ApiHandler.only(parts, 1, method, "GET", path, token::show);
        }
        if (parts.size() == 2 && parts.get(1).equals("rotate")) {
            return ApiHandler.only(parts, 2, method, "POST", path, token::rotate);
        }
        throw AdminProblem.notFound(path);
    }
}
