package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ConfigProblemView;
import dev.gatehouse.admin.api.ProblemDetails;
import java.util.List;

/**
 * A management request that cannot be done, as the API answers it (RFC 9457). The detail is written for the user
 * and never carries a secret; the HTTP layer only serialises it.
 */
public final class AdminProblem extends RuntimeException {

    private final ProblemDetails details;

    private AdminProblem(String slug, String title, int status, String detail, List<ConfigProblemView> problems) {
        super(detail, null, false, false);
        this.details = new ProblemDetails(ProblemDetails.TYPE_PREFIX + slug, title, status, detail, problems);
    }

    public ProblemDetails details() {
        return details;
    }

    public static AdminProblem badRequest(String detail) {
        return new AdminProblem("bad-request", "Bad request", 400, detail, null);
    }

    public static AdminProblem unknownServer(String name) {
        return new AdminProblem("unknown-server", "Unknown server", 404, "no server named '" + name + "'", null);
    }

    public static AdminProblem unknownProfile(String name) {
        return new AdminProblem("unknown-profile", "Unknown profile", 404, "no profile named '" + name + "'", null);
    }

    public static AdminProblem unknownSession(String id) {
        return new AdminProblem("unknown-session", "Unknown session", 404, "no open session with that id", null);
    }

    public static AdminProblem unknownSecret(String name) {
        return new AdminProblem("unknown-secret", "Unknown secret", 404, "no secret named '" + name
                + "' in the vault", null);
    }

    public static AdminProblem unknownExchange(long id) {
        return new AdminProblem("unknown-exchange", "Unknown exchange", 404, "no recorded exchange has id " + id
                + " (retention or 'gatehouse logs clear' may have deleted it)", null);
    }

    public static AdminProblem captureUnavailable(String detail) {
        return new AdminProblem("capture-unavailable", "Traffic capture unavailable", 503, detail, null);
    }

    public static AdminProblem tooManyRequests(String detail) {
        return new AdminProblem("too-many-requests", "Too many requests", 429, detail, null);
    }

    public static AdminProblem notFound(String path) {
        return new AdminProblem("not-found", "Not found", 404, "no resource at " + path, null);
    }

    public static AdminProblem methodNotAllowed(String method, String path) {
        return new AdminProblem("method-not-allowed", "Method not allowed", 405,
                method + " is not allowed on " + path, null);
    }

    public static AdminProblem unsupportedMediaType(String detail) {
        return new AdminProblem("unsupported-media-type", "Unsupported media type", 415, detail, null);
    }

    public static AdminProblem conflict(String detail) {
        return new AdminProblem("conflict", "Conflict", 409, detail, null);
    }

    public static AdminProblem invalidConfig(String detail, List<ConfigProblemView> problems) {
        return new AdminProblem("invalid-config", "Invalid configuration", 422, detail, problems);
    }

    public static AdminProblem cannotImport(String detail) {
        return new AdminProblem("cannot-import", "Cannot import", 422, detail, null);
    }

    public static AdminProblem vaultUnavailable(String detail) {
        return new AdminProblem("vault-unavailable", "Vault unavailable", 503, detail, null);
    }

    public static AdminProblem serverUnavailable(String detail) {
        return new AdminProblem("server-unavailable", "Server unavailable", 502, detail, null);
    }

    public static AdminProblem storage(String detail) {
        return new AdminProblem("storage", "Cannot write the configuration", 500, detail, null);
    }
}
