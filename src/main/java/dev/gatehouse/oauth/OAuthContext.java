package dev.gatehouse.oauth;

import dev.gatehouse.net.AddressPolicy;
import java.time.InstantSource;

/** What every server's sign-in shares: the guarded HTTP, the store, the waiting sign-ins and time. */
record OAuthContext(OAuthHttp http, AddressPolicy policy, CredentialStore store, PendingAuthorizations pending,
                    InstantSource clock) {

    ResourceDiscovery resources() {
        return new ResourceDiscovery(http);
    }

    AuthServerDiscovery servers() {
        return new AuthServerDiscovery(http, policy);
    }

    TokenEndpoint tokens() {
        return new TokenEndpoint(http, clock);
    }

    Registrar registrar(ClientSettings settings) {
        return new Registrar(http, store, settings);
    }
}
