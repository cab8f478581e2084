package dev.gatehouse.admin.api;

import java.util.List;

/**
 * One remote server's sign-in as {@code gatehouse auth status} shows it: signed in?, the issuer, the granted
 * scopes and the expiry (ISO-8601 or null). Never a token.
 */
public record AuthState(String server, boolean signedIn, boolean needsSignIn, boolean waiting, String issuer, List<String> scopes,
                        String expiresAt, boolean refreshable, String lastError) {
}
