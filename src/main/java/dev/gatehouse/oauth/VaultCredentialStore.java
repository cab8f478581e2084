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
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tokens and registered clients in the vault, encrypted like every other secret, each token and client secret a
 * value of its own so the vault's redactor keeps it out of logs and captured traffic. Tokens are
 * {@code oauth.token.H(server).H(issuer).access|refresh|meta}, registrations {@code oauth.client.H(issuer)[.secret]},
 * H a truncated SHA-256: names reveal neither the server nor the issuer.
 */
public final class VaultCredentialStore implements CredentialStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN_PREFIX = "oauth.token.";
    private static final String CLIENT_PREFIX = "oauth.client.";
    private static final String ACCESS = ".access";
    private static final String REFRESH = ".refresh";
    private static final String META = ".meta";
    private static final String SECRET = ".secret";

    private final Vault vault;
    // Bumped by every committed vault change; the names cached under an older generation are read again.
    private final AtomicLong generation = new AtomicLong();
    private volatile CachedNames cachedNames;

    /** The vault's secret names (no values) as read under {@code generation}. */
    private record CachedNames(long generation, List<SecretName> names) {
    }

    /**
     * Whether {@code name} is one of the entries this store keeps (tokens and registered clients, under
     * {@code oauth.token.} and {@code oauth.client.}): {@code gatehouse secret list} leaves them out, as they are
     * shown by {@code gatehouse auth status} and removed by {@code gatehouse auth logout}.
     */
    public static boolean isCredentialEntry(SecretName name) {
        return name.value().startsWith(TOKEN_PREFIX) || name.value().startsWith(CLIENT_PREFIX);
    }

    public VaultCredentialStore(Vault vault) {
        this.vault = vault;
        vault.addChangeListener(generation::incrementAndGet);
    }

    @Override
    public synchronized Optional<TokenSet> tokens(String serverUrl) throws OAuthException {
        List<SecretName> names = tokenNames(serverUrl);
        Optional<SecretName> meta = names.stream().filter(n -> n.value().endsWith(META)).findFirst();
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        String base = meta.get().value().substring(0, meta.get().value().length() - META.length());
        JsonNode json = json(meta.get());
        SecretName refresh = SecretName.of(base + REFRESH);
        return Optional.of(new TokenSet(json.path("issuer").asString(), json.path("resource").asString(),
                value(SecretName.of(base + ACCESS)),
                names.contains(refresh) ? Optional.of(value(refresh)) : Optional.empty(),
                text(json, "expiresAt").map(Instant::parse),
                json.path("scopes").valueStream().map(JsonNode::asString).toList()));
    }

    @Override
    public synchronized void saveTokens(String serverUrl, TokenSet tokens) throws OAuthException {
        deleteTokens(serverUrl);
        String base = TOKEN_PREFIX + hash(serverUrl) + "." + hash(tokens.issuer());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", tokens.issuer());
        json.put("resource", tokens.resource());
        tokens.expiresAt().ifPresent(at -> json.put("expiresAt", at.toString()));
        json.put("scopes", tokens.scopes());
        // Each token is a secret of its own, so the vault's redactor knows its exact value.
        write(SecretName.of(base + ACCESS), tokens.accessToken());
        if (tokens.refreshToken().isPresent()) {
            write(SecretName.of(base + REFRESH), tokens.refreshToken().get());
        }
        write(SecretName.of(base + META), JSON.writeValueAsString(json));
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
        List<SecretName> names = names();
        if (!names.contains(name)) {
            return Optional.empty();
        }
        JsonNode json = json(name);
        SecretName secret = SecretName.of(name.value() + SECRET);
        return Optional.of(new ClientRegistration(issuer, json.path("clientId").asString(),
                names.contains(secret) ? Optional.of(value(secret)) : Optional.empty(),
                ClientAuthenticationMethod.parse(json.path("method").asString()), ClientRegistration.Source.DYNAMIC));
    }

    @Override
    public synchronized void saveRegistration(ClientRegistration registration) throws OAuthException {
        SecretName name = SecretName.of(CLIENT_PREFIX + hash(registration.issuer()));
        if (registration.clientSecret().isPresent()) {
            write(SecretName.of(name.value() + SECRET), registration.clientSecret().get());
        }
        write(name, JSON.writeValueAsString(Map.of("clientId", registration.clientId(),
                "method", registration.authMethod().getValue())));
    }

    @Override
    public synchronized void deleteRegistration(String issuer) throws OAuthException {
        String prefix = CLIENT_PREFIX + hash(issuer);
        for (SecretName name : names()) {
            if (name.value().equals(prefix) || name.value().equals(prefix + SECRET)) {
                delete(name);
            }
        }
    }

    private List<SecretName> tokenNames(String serverUrl) throws OAuthException {
        String prefix = TOKEN_PREFIX + hash(serverUrl) + ".";
        return names().stream().filter(name -> name.value().startsWith(prefix)).toList();
    }

    /**
     * The vault's names, read from its database only after a change. Every remote request asks for its server's
     * tokens, and most servers have none: a database query per request, under the vault's lock, was a large part
     * of a remote call's cost under concurrency (docs/performance.md, the HTTP upstream path). Every writer of the
     * vault is in this process (the CLI goes through the gateway's API), so the change listener sees each change;
     * the generation is read before the query, so a list read just before a change is never taken as current.
     */
    private List<SecretName> names() throws OAuthException {
        long readUnder = generation.get();
        CachedNames cached = cachedNames;
        if (cached != null && cached.generation() == readUnder) {
            return cached.names();
        }
        try {
            List<SecretName> names = vault.names();
            cachedNames = new CachedNames(readUnder, names);
            return names;
        } catch (VaultException e) {
            throw storage(e);
        }
    }

    private JsonNode json(SecretName name) throws OAuthException {
        try {
            return JSON.readTree(value(name));
        } catch (JacksonException e) {
            throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the stored OAuth credentials are"
                    + " damaged; sign in again");
        }
    }

    private String value(SecretName name) throws OAuthException {
        try (Secret secret = vault.resolve(name)) {
            return new String(secret.utf8(), StandardCharsets.UTF_8);
        } catch (SecretResolutionException e) {
            throw new OAuthException(OAuthException.Reason.SIGN_IN_REQUIRED, "the stored OAuth credentials could not"
                    + " be read from the vault; sign in again");
        }
    }

    private void write(SecretName name, String value) throws OAuthException {
        try {
            vault.set(name, new StringReader(value));
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
