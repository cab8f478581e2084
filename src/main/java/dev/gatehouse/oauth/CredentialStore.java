package dev.gatehouse.oauth;

import java.util.Optional;

/**
 * Where tokens and client registrations live: the vault in the gateway ({@link VaultCredentialStore}), memory in
 * a one-shot {@code gatehouse probe} ({@link MemoryCredentialStore}). Tokens are kept per server (resource) and
 * issuer, one issuer at a time per server; registrations per issuer.
 */
public interface CredentialStore {

    /** The tokens for the server at {@code serverUrl} (its canonical URI as configured). */
    Optional<TokenSet> tokens(String serverUrl) throws OAuthException;

    /** Stores {@code tokens} for the server, replacing what it had from any issuer. */
    void saveTokens(String serverUrl, TokenSet tokens) throws OAuthException;

    void deleteTokens(String serverUrl) throws OAuthException;

    Optional<ClientRegistration> registration(String issuer) throws OAuthException;

    void saveRegistration(ClientRegistration registration) throws OAuthException;

    void deleteRegistration(String issuer) throws OAuthException;
}
