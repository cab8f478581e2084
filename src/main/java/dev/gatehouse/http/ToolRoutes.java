package dev.gatehouse.http;

import dev.gatehouse.admin.AdminProblem;
import dev.gatehouse.admin.ToolsResource;
import dev.gatehouse.admin.api.ToolApprovalRequest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/tools}: {@code GET} reviews every enabled server's tools against their approvals,
 * {@code GET /api/tools/SERVER} one server's (with a diff of each changed tool), and
 * {@code POST /api/tools/SERVER/approve} pins the waiting tools again: the one named by the optional JSON body
 * {@code {"tool": NAME}}, else all of them.
 */
final class ToolRoutes {

    private final ToolsResource tools;
    private final JsonMapper mapper;

    ToolRoutes(ToolsResource tools, JsonMapper mapper) {
        this.tools = tools;
        this.mapper = mapper;
    }

    Object route(Request request, String method, String path, List<String> parts) throws IOException {
        return switch (parts.size()) {
            case 1 -> ApiHandler.only(parts, 1, method, "GET", path, tools::all);
            case 2 -> ApiHandler.only(parts, 2, method, "GET", path, () -> tools.review(parts.get(1)));
            case 3 -> {
                if (!parts.get(2).equals("approve")) {
                    throw AdminProblem.notFound(path);
                }
                ApiHandler.only(parts, 3, method, "POST", path, () -> null);
                yield tools.approve(parts.get(1), tool(request));
            }
            default -> throw AdminProblem.notFound(path);
        };
    }

    private Optional<String> tool(Request request) throws IOException {
        byte[] body = ApiHandler.readBody(request);
        if (body.length == 0) {
            return Optional.empty();
        }
        ToolApprovalRequest approval = mapper.readValue(body, ToolApprovalRequest.class);
        if (approval.tool() != null && approval.tool().isBlank()) {
            throw AdminProblem.badRequest("'tool' must name a tool, or be left out to approve every waiting tool");
        }
        return Optional.ofNullable(approval.tool());
    }
}
