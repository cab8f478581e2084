package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.vault.Secret;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretResolutionException;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens and registered clients in the vault, encrypted like every other secret (and so redacted from logs by the
 * vault's redactor). Tokens are named {@code oauth.token.H(server).H(issuer)}, registrations
 * {@code oauth.client.H(issuer)}, H a truncated SHA-256: names reveal neither the server nor the issuer.
 */
public final class VaultCredentialStore implements CredentialStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN_PREFIX = "oauth.token.";
    private static final String CLIENT_PREFIX = "oauth.client.";

    private final Vault vault;

    public VaultCredentialStore(Vault vault) {
        this.vault = vault;
    }

    @Override
    public synchronized Optional<TokenSet> tokens(String serverUrl) throws OAuthException {
        for (SecretName name : tokenNames(serverUrl)) {
            JsonNode json = read(name);
            return Optional.of(new TokenSet(json.path("issuer").asString(), json.path("resource").asString(),
                    json.path("access").asString(), text(json, "refresh"),
                    text(json, "expiresAt").map(Instant::parse),
                    json.path("scopes").valueStream().map(JsonNode::asString).toList()));
        }
        return Optional.empty();
    }

    @Override
    public synchronized void saveTokens(String serverUrl, TokenSet tokens) throws OAuthException {
        deleteTokens(serverUrl);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", tokens.issuer());
        json.put("resource", tokens.resource());
        json.put("access", tokens.accessToken());
        tokens.refreshToken().ifPresent(refresh -> json.put("refresh", refresh));
        tokens.expiresAt().ifPresent(at -> json.put("expiresAt", at.toString()));
        json.put("scopes", tokens.scopes());
        write(SecretName.of(TOKEN_PREFIX + hash(serverUrl) + "." + hash(tokens.issuer())), json);
    }

    @Override
    public synchronized void deleteTokens(String serverUrl) throws OAuthException {
        for (SecretName name : tokenNames(serverUrl)) {
            delete(name);
        }
    }

    @Override
    public synchronized Optional<ClientRegistration> registration(String issuer) throws OAuthException {
        SecretName name = SecretName.of(CLIENT_PREFIX + hash(issuer));
        if (!names().contains(name)) {
            return Optional.empty();
        }
        JsonNode json = read(name);
        return Optional.of(new ClientRegistration(issuer, json.path("clientId").asString(), text(json, "secret"),
                ClientAuthenticationMethod.parse(json.path("method").asString()), ClientRegistration.Source.DYNAMIC));
    }

    @Override
    public synchronized void saveRegistration(ClientRegistration registration) throws OAuthException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientId", registration.clientId());
        registration.clientSecret().ifPresent(secret -> json.put("secret", secret));
        json.put("method", registration.authMethod().getValue());
        write(SecretName.of(CLIENT_PREFIX + hash(registration.issuer())), json);
    }

    @Override
    public synchronized void deleteRegistration(String issuer) throws OAuthException {
        SecretName name = SecretName.of(CLIENT_PREFIX + hash(issuer));
        if (names().contains(name)) {
            delete(name);
        }
    }

    private List<SecretName> tokenNames(String serverUrl) throws OAuthException {
        String prefix = TOKEN_PREFIX + hash(serverUrl) + ".";
        return names().stream().filter(name -> name.value().startsWith(prefix)).toList();
    }

    private List<SecretName> names() throws OAuthException {
        try {
            return vault.names();
        } catch (VaultException e) {
            throw storage(e);
        }
    }

    private JsonNode read(SecretName name) throws OAuthException {
        try (Secret secret = vault.resolve(name)) {
            return JSON.readTree(new String(secret.utf8(), StandardCharsets.UTF_8));
        } catch (SecretResolutionException | JacksonException e) {
            throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the stored OAuth credentials could not"
                    + " be read from the vault; sign in again");
        }
    }

    private void write(SecretName name, Map<String, Object> json) throws OAuthException {
        try {
            vault.set(name, new StringReader(JSON.writeValueAsString(json)));
        } catch (VaultException | IOException e) {
            throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the OAuth credentials could not be"
                    + " stored in the vault (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void delete(SecretName name) throws OAuthException {
        try {
            vault.delete(name, Map.of(), true);
        } catch (VaultException e) {
            throw storage(e);
        }
    }

    private static OAuthException storage(VaultException e) {
        return new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the vault is not usable for OAuth"
                + " credentials: " + e.getMessage());
    }

    private static Optional<String> text(JsonNode json, String field) {
        return json.path(field).isString() ? Optional.of(json.get(field).asString()) : Optional.empty();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
