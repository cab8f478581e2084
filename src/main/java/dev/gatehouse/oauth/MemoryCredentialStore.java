package dev.gatehouse.oauth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Credentials that live as long as the process: for {@code gatehouse probe}, which signs in once and exits. */
public final class MemoryCredentialStore implements CredentialStore {

    private final Map<String, TokenSet> tokens = new ConcurrentHashMap<>();
    private final Map<String, ClientRegistration> registrations = new ConcurrentHashMap<>();

    @Override
    public Optional<TokenSet> tokens(String serverUrl) {
        return Optional.ofNullable(tokens.get(serverUrl));
    }

    @Override
    public void saveTokens(String serverUrl, TokenSet set) {
        tokens.put(serverUrl, set);
    }

    @Override
    public void deleteTokens(String serverUrl) {
        tokens.remove(serverUrl);
    }

    @Override
    public Optional<ClientRegistration> registration(String issuer) {
        return Optional.ofNullable(registrations.get(issuer));
    }

    @Override
    public void saveRegistration(ClientRegistration registration) {
        registrations.put(registration.issuer(), registration);
    }

    @Override
    public void deleteRegistration(String issuer) {
        registrations.remove(issuer);
    }
}
