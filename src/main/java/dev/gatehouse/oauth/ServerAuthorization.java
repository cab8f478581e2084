package dev.gatehouse.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth state of one remote server: its tokens (from the store), the last challenge it sent, and the steps of
 * a sign-in. {@link #begin} discovers (RFC 9728, then RFC 8414 / OpenID), registers and returns the URL to send the
 * user to; {@link #finish} checks the callback against the flow it belongs to and exchanges the code. Tokens are
 * refreshed {@value #REFRESH_MARGIN_SECONDS} seconds before they expire and after a 401.
 */
public final class ServerAuthorization {

    static final long REFRESH_MARGIN_SECONDS = 60;
    private static final Logger log = LoggerFactory.getLogger(ServerAuthorization.class);
    private static final String OFFLINE_ACCESS = "offline_access";

    private final String server;
    private final URI url;
    private final Settings settings;
    private final OAuthContext context;

    // Written by challenged() on HTTP client threads, which must never wait behind a refresh holding the lock.
    private volatile BearerChallenge lastChallenge;
    private volatile BearerChallenge unhandledChallenge;
    private volatile TokenSet current;
    private volatile boolean stale;
    private volatile boolean signInFirst;
    private AuthorizationServerMetadata metadata;
    private ClientRegistration client;
    private List<String> requestedScopes = List.of();
    private String lastError;

    ServerAuthorization(String server, URI url, Settings settings, OAuthContext context) {
        this.server = server;
        this.url = url;
        this.settings = settings;
        this.context = context;
    }

    public String server() {
        return server;
    }

    URI url() {
        return url;
    }

    /** Whether sign-in is needed before any request, not only after a 401 ({@code auth = "oauth"}). */
    void signInFirst(boolean first) {
        signInFirst = first;
    }

    /** The server's client settings, read when used (a configured secret comes from the vault then). */
    @FunctionalInterface
    interface Settings {
        ClientSettings get() throws OAuthException;
    }

    /**
     * The {@code Authorization} header value for the next request, refreshing first when due; empty if none. A fresh
     * token held in memory is answered without the lock, so concurrent calls never queue behind each other; only a
     * refresh (or the first read from the store) serialises.
     */
    public Optional<String> authorizationHeader() {
        TokenSet held = current;
        if (held != null && !stale
                && !held.expiresWithin(context.clock().instant(), Duration.ofSeconds(REFRESH_MARGIN_SECONDS))) {
            return Optional.of("Bearer " + held.accessToken());
        }
        return authorizationHeaderRefreshingIfDue();
    }

    private synchronized Optional<String> authorizationHeaderRefreshingIfDue() {
        Optional<TokenSet> tokens = tokens();
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        if (stale || tokens.get().expiresWithin(context.clock().instant(), Duration.ofSeconds(REFRESH_MARGIN_SECONDS))) {
            if (tokens.get().refreshToken().isEmpty()) {
                return stale ? Optional.empty() : Optional.of("Bearer " + tokens.get().accessToken());
            }
            try {
                tokens = Optional.of(refresh(tokens.get()));
            } catch (OAuthException e) {
                log.warn("Server {}: refreshing its token failed: {}", server, e.getMessage());
                lastError = e.getMessage();
                return Optional.empty();
            }
        }
        return Optional.of("Bearer " + tokens.get().accessToken());
    }

    /** Records a 401 or 403 the server answered: called on a client thread, so it only notes it, lock-free. */
    public void challenged(BearerChallenge challenge) {
        lastChallenge = challenge;
        unhandledChallenge = challenge;
        if (challenge.status() == 401 && current != null) {
            stale = true;
        }
    }

    /** The challenge received since the last call, cleared. */
    public synchronized Optional<BearerChallenge> takeChallenge() {
        BearerChallenge taken = unhandledChallenge;
        unhandledChallenge = null;
        return Optional.ofNullable(taken);
    }

    /** Whether the server asked for sign-in (or is configured to need it) and nothing usable is stored. */
    public synchronized boolean needsSignIn() {
        BearerChallenge challenge = lastChallenge;
        return (challenge != null || signInFirst) && (tokens().isEmpty() || stale
                || challenge != null && challenge.insufficientScope());
    }

    /**
     * After a 401 to a request that carried {@code refused} (null: no token): true when the next request will carry
     * another token, either one a concurrent call already refreshed or one refreshed now. False when there is
     * nothing to refresh with, or the refresh failed: the user must sign in again.
     */
    public synchronized boolean renewAfterRefusal(String refused) {
        Optional<TokenSet> tokens = tokens();
        if (tokens.isEmpty()) {
            return false;
        }
        if (!("Bearer " + tokens.get().accessToken()).equals(refused)) {
            stale = false;
            return true;
        }
        return refreshNow();
    }

    /** Refreshes now if a refresh token is stored; true when a new access token came back. */
    public synchronized boolean refreshNow() {
        Optional<TokenSet> tokens = tokens();
        if (tokens.isEmpty() || tokens.get().refreshToken().isEmpty()) {
            return false;
        }
        try {
            refresh(tokens.get());
            return true;
        } catch (OAuthException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    /**
     * Starts a sign-in: discovery from the last challenge, registration, PKCE, and the authorization URL with
     * {@code state}, {@code resource} and the chosen scopes. A step-up asks for the union of the scopes asked before
     * and the challenged ones.
     */
    public synchronized URI begin() throws OAuthException {
        BearerChallenge challenge = lastChallenge;
        try {
            ResourceMetadata resource = context.resources().discover(url,
                    challenge == null ? Optional.empty() : challenge.resourceMetadata());
            URI issuer = resource.firstAuthorizationServer().orElseThrow();
            AuthorizationServerMetadata found = context.servers().discover(issuer);
            Optional<TokenSet> tokens = tokens();
            if (tokens.isPresent() && !tokens.get().issuer().equals(issuer.toString())) {
                log.info("Server {} moved from authorization server {} to {}; its old tokens are dropped", server,
                        tokens.get().issuer(), issuer);
                context.store().deleteTokens(url.toString());
                current = null;
            }
            ClientSettings configured = settings.get();
            ClientRegistration registration = context.registrar(configured).register(issuer.toString(), found);
            List<String> scopes = chooseScopes(challenge, resource, found, configured.scopes());
            CodeVerifier verifier = new CodeVerifier();
            State state = new State();
            context.pending().add(new PendingAuthorization(state.getValue(), server, verifier, found, registration,
                    resource.resource(), scopes, context.clock().instant()));
            metadata = found;
            client = registration;
            requestedScopes = scopes;
            lastError = null;
            AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                    new ClientID(registration.clientId()))
                    .endpointURI(found.getAuthorizationEndpointURI())
                    .redirectionURI(configured.redirectUri())
                    .state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .resource(resource.resourceUri());
            if (!scopes.isEmpty()) {
                request.scope(Scope.parse(scopes));
            }
            return request.build().toURI();
        } catch (OAuthException e) {
            lastError = e.getMessage();
            throw e;
        }
    }

    /**
     * Scopes as the specification orders them: the challenge's, else the resource's, else none; scopes the user
     * configured are always asked for and replace the resource's list.
     */
    private List<String> chooseScopes(BearerChallenge challenge, ResourceMetadata resource,
                                      AuthorizationServerMetadata found, List<String> configured) {
        Set<String> scopes = new LinkedHashSet<>(configured);
        if (challenge != null && challenge.insufficientScope()) {
            scopes.addAll(requestedScopes);
        }
        if (challenge != null && !challenge.scopes().isEmpty()) {
            scopes.addAll(challenge.scopes());
        } else if (scopes.isEmpty()) {
            scopes.addAll(resource.scopesSupported());
        }
        // A refresh token is what spares the user a second sign-in (SEP-2207), asked for only where offered.
        boolean offersOffline = found.getScopes() != null && found.getScopes().contains(OFFLINE_ACCESS);
        if (!scopes.isEmpty() && offersOffline) {
            scopes.add(OFFLINE_ACCESS);
        }
        return new ArrayList<>(scopes);
    }

    /** Completes the sign-in {@code pending} (already taken by its state) with the callback's parameters. */
    synchronized TokenSet finish(PendingAuthorization pending, Map<String, List<String>> params)
            throws OAuthException {
        try {
            Optional<String> error = single(params, "error");
            if (error.isPresent()) {
                throw new OAuthException(OAuthException.Reason.AUTHORIZATION_DENIED, "the authorization server "
                        + pending.issuer() + " answered the sign-in with error '" + ResourceDiscovery.safe(error.get())
                        + "'");
            }
            Optional<String> iss = single(params, "iss");
            if (iss.isPresent() && !iss.get().equals(pending.issuer())) {
                throw new OAuthException(OAuthException.Reason.ISSUER_MISMATCH, "the callback came from issuer "
                        + ResourceDiscovery.safe(iss.get()) + ", not " + pending.issuer()
                        + " (RFC 9207); refusing it (possible mix-up attack)");
            }
            if (iss.isEmpty() && pending.metadata().supportsAuthorizationResponseIssuerParam()) {
                throw new OAuthException(OAuthException.Reason.ISSUER_MISMATCH, "the authorization server "
                        + pending.issuer() + " advertises the RFC 9207 iss parameter but the callback lacks it;"
                        + " refusing it");
            }
            String code = single(params, "code").filter(c -> !c.isBlank()).orElseThrow(() -> new OAuthException(
                    OAuthException.Reason.AUTHORIZATION_DENIED, "the callback carries no authorization code"));
            TokenSet tokens = context.tokens().exchange(pending, code, settings.get().redirectUri());
            context.store().saveTokens(url.toString(), tokens);
            current = tokens;
            stale = false;
            metadata = pending.metadata();
            client = pending.client();
            lastChallenge = null;
            lastError = null;
            log.info("Server {}: signed in at {} (scopes: {})", server, pending.issuer(),
                    tokens.scopes().isEmpty() ? "none" : String.join(" ", tokens.scopes()));
            return tokens;
        } catch (OAuthException e) {
            lastError = e.getMessage();
            throw e;
        }
    }

    /** Forgets the server's tokens, revoking them first where the authorization server offers revocation. */
    public synchronized boolean signOut() throws OAuthException {
        Optional<TokenSet> tokens = tokens();
        boolean revoked = false;
        if (tokens.isPresent()) {
            try {
                AuthorizationServerMetadata found = metadata(tokens.get());
                ClientRegistration registration = registration(tokens.get(), found);
                if (tokens.get().refreshToken().isPresent()) {
                    revoked = context.tokens().revoke(new RefreshToken(tokens.get().refreshToken().get()), found,
                            registration);
                }
                AccessToken access = new BearerAccessToken(tokens.get().accessToken());
                revoked = context.tokens().revoke(access, found, registration) || revoked;
            } catch (OAuthException e) {
                log.warn("Server {}: revoking its tokens failed ({}); they are deleted here anyway", server,
                        e.getMessage());
            }
        }
        context.store().deleteTokens(url.toString());
        current = null;
        stale = false;
        return revoked;
    }

    public synchronized AuthStatus status() {
        Optional<TokenSet> tokens = tokens();
        boolean signedIn = tokens.isPresent() && !stale;
        return new AuthStatus(server, signedIn, needsSignIn(), context.pending().waiting(server),
                tokens.map(TokenSet::issuer),
                tokens.map(TokenSet::scopes).orElse(List.of()), tokens.flatMap(TokenSet::expiresAt),
                tokens.map(t -> t.refreshToken().isPresent()).orElse(false), Optional.ofNullable(lastError));
    }

    private TokenSet refresh(TokenSet tokens) throws OAuthException {
        AuthorizationServerMetadata found = metadata(tokens);
        TokenSet fresh = context.tokens().refresh(tokens, found, registration(tokens, found));
        context.store().saveTokens(url.toString(), fresh);
        current = fresh;
        stale = false;
        return fresh;
    }

    private AuthorizationServerMetadata metadata(TokenSet tokens) throws OAuthException {
        if (metadata == null || !metadata.getIssuer().getValue().equals(tokens.issuer())) {
            metadata = context.servers().discover(URI.create(tokens.issuer()));
        }
        return metadata;
    }

    private ClientRegistration registration(TokenSet tokens, AuthorizationServerMetadata found)
            throws OAuthException {
        if (client == null || !client.issuer().equals(tokens.issuer())) {
            client = context.registrar(settings.get()).register(tokens.issuer(), found);
        }
        return client;
    }

    private Optional<TokenSet> tokens() {
        if (current == null) {
            try {
                current = context.store().tokens(url.toString()).orElse(null);
            } catch (OAuthException e) {
                lastError = e.getMessage();
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current);
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) throws OAuthException {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new OAuthException(OAuthException.Reason.AUTHORIZATION_DENIED, "the callback repeats '" + name
                    + "'; refusing an ambiguous answer");
        }
        return values.stream().findFirst();
    }
}
