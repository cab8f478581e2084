package dev.gatehouse.oauth;

import java.net.URI;

/**
 * Gives a server's {@link ClientSettings} when a sign-in, a registration or a refresh needs them, not before: a
 * configured client secret is read from the vault at that moment and is not kept.
 */
@FunctionalInterface
public interface ClientSettingsSource {

    ClientSettings settings(String server, URI url) throws OAuthException;
}
