package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.AuthState;
import dev.gatehouse.admin.api.SignInStart;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.oauth.AuthStatus;
import dev.gatehouse.oauth.OAuthCredentials;
import dev.gatehouse.oauth.OAuthException;
import dev.gatehouse.oauth.ServerAuthorization;
import dev.gatehouse.proxy.Gateway;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/auth}: each remote server's sign-in state, starting a sign-in (the authorization URL for the user's
 * browser), completing one from the plane's {@code /oauth/callback}, and signing out. Nothing here ever answers
 * with a token.
 */
public final class AuthResource {

    /** How a callback ended, for the page the browser shows. */
    public record CallbackOutcome(boolean signedIn, String message) {
    }

    private final Gateway gateway;
    private final OAuthCredentials credentials;

    public AuthResource(Gateway gateway, OAuthCredentials credentials) {
        this.gateway = gateway;
        this.credentials = credentials;
    }

    public List<AuthState> list() {
        return gateway.upstreams().configured().stream().filter(ServerConfig::isRemote)
                .map(server -> view(authorization(server).status())).toList();
    }

    public AuthState show(String name) {
        return view(authorization(remote(name)).status());
    }

    public SignInStart login(String name) {
        ServerAuthorization authorization = authorization(remote(name));
        try {
            return new SignInStart(name, authorization.begin().toString());
        } catch (OAuthException e) {
            throw AdminProblem.badRequest("cannot start signing in to '" + name + "': " + e.getMessage());
        }
    }

    public ActionResult logout(String name) {
        ServerAuthorization authorization = authorization(remote(name));
        try {
            boolean revoked = authorization.signOut();
            return new ActionResult(name, "logout", revoked ? "Signed out of '" + name + "'; its tokens were"
                    + " revoked and deleted" : "Signed out of '" + name + "'; its tokens were deleted (the"
                    + " authorization server offers no revocation)");
        } catch (OAuthException e) {
            throw AdminProblem.badRequest("cannot sign out of '" + name + "': " + e.getMessage());
        }
    }

    /** Completes the sign-in {@code callback} belongs to; the outcome's message is safe to show in a page. */
    public CallbackOutcome complete(URI callback) {
        try {
            String server = credentials.complete(callback);
            gateway.restart(server, "signed in");
            return new CallbackOutcome(true, "Signed in to '" + server + "'. You can close this page.");
        } catch (OAuthException e) {
            return new CallbackOutcome(false, "Sign-in failed: " + e.getMessage());
        }
    }

    private ServerAuthorization authorization(ServerConfig server) {
        return credentials.forServer(server.name(), server.remote().url());
    }

    private ServerConfig remote(String name) {
        Optional<ServerConfig> server = gateway.upstreams().configured().stream()
                .filter(s -> s.name().equals(name)).findFirst();
        if (server.isEmpty()) {
            throw AdminProblem.unknownServer(name);
        }
        if (!server.get().isRemote()) {
            throw AdminProblem.badRequest("'" + name + "' is a local (stdio) server; only remote servers sign in");
        }
        return server.get();
    }

    private static AuthState view(AuthStatus status) {
        return new AuthState(status.server(), status.signedIn(), status.needsSignIn(), status.waiting(),
                status.issuer().orElse(null),
                status.scopes(), status.expiresAt().map(Instant::toString).orElse(null), status.refreshable(),
                status.lastError().orElse(null));
    }
}
