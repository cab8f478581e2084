package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ServerSpec;
import dev.gatehouse.config.RemoteAuth;
import dev.gatehouse.vault.SecretName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a spec's {@code auth} and {@code oauth} into {@link RemoteAuth}, with the config file's meaning: an oauth
 * table alone means OAuth from the start, {@code auth = "auto"} waits for the server's 401. The client secret is
 * a vault name, so the API never carries a secret; the edited file is loaded again, which checks the rest.
 */
final class OAuthClients {

    private OAuthClients() {
    }

    static RemoteAuth toAuth(String auth, ServerSpec.OAuthClient oauth) {
        if (auth != null && !auth.equals("auto") && !auth.equals("oauth")) {
            throw AdminProblem.badRequest("'auth' must be one of: auto, oauth");
        }
        if (oauth == null) {
            return "oauth".equals(auth) ? new RemoteAuth(true, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of()) : RemoteAuth.AUTO;
        }
        if (oauth.clientSecret() != null && oauth.clientId() == null) {
            throw AdminProblem.badRequest("'oauth.clientSecret' needs an 'oauth.clientId' beside it");
        }
        return new RemoteAuth(!"auto".equals(auth), Optional.ofNullable(oauth.clientId()),
                Optional.ofNullable(oauth.clientSecret()).map(OAuthClients::secretName),
                Optional.ofNullable(oauth.clientMetadataUrl()).map(OAuthClients::metadataUrl),
                ServerSpecs.orEmpty(oauth.scopes()));
    }

    private static SecretName secretName(String name) {
        SecretName.problemWith(name).ifPresent(problem -> {
            throw AdminProblem.badRequest("'oauth.clientSecret' is the name of a vault secret (set it with"
                    + " 'gatehouse secret set NAME'): " + problem);
        });
        return SecretName.of(name);
    }

    private static URI metadataUrl(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw AdminProblem.badRequest("'oauth.clientMetadataUrl' is not a valid URL");
        }
    }
}
