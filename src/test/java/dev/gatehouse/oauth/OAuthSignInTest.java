package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.net.AddressPolicy;
import dev.gatehouse.net.ClientFactory;
import dev.gatehouse.net.GuardedClient;
import dev.gatehouse.net.HostLookup;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OAuth client against a real authorization server on loopback: the whole sign-in, refresh with rotation,
 * sign-out with revocation, and the hostile servers, each refused with a clear message and nothing stored.
 */
@Timeout(60)
class OAuthSignInTest {

    private static final URI REDIRECT = URI.create("http://127.0.0.1/oauth/callback");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T08:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private LoopbackAuthServer as;
    private HttpClient client;
    private MemoryCredentialStore store;
    private OAuthCredentials credentials;
    private HeadlessSignIn headless;

    @BeforeEach
    void start() throws Exception {
        as = new LoopbackAuthServer().standard();
        AddressPolicy policy = AddressPolicy.trusting(List.of(as.mcpUrl())).allowingLoopbackDevelopment();
        client = ClientFactory.create(ClientFactory.Settings.DEFAULTS, policy, HostLookup.SYSTEM,
                runnable -> Thread.ofVirtual().start(runnable), "gatehouse-test");
        client.start();
        OAuthHttp http = new OAuthHttp(new GuardedClient(client, policy, 5));
        store = new MemoryCredentialStore();
        credentials = new OAuthCredentials(http, policy, store, clock,
                (name, url) -> ClientSettings.unregistered(REDIRECT));
        headless = new HeadlessSignIn(http, credentials);
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        as.close();
    }

    private ServerAuthorization server() {
        return credentials.forServer("remote", as.mcpUrl());
    }

    @Test
    void signsInWithPkceS256AndTheResourceOnBothRequestsAndStoresTheTokens() throws Exception {
        headless.signIn(server(), REDIRECT);

        var authorization = as.authorizations.getFirst();
        assertThat(authorization.get("code_challenge_method")).containsExactly("S256");
        assertThat(authorization.get("resource")).containsExactly(as.base() + "/mcp");
        assertThat(authorization.get("scope")).containsExactly("mcp:read");
        assertThat(authorization.get("client_id")).containsExactly("client-1");
        var form = as.tokenForms.getFirst();
        assertThat(form.get("resource")).containsExactly(as.base() + "/mcp");
        assertThat(form.get("code_verifier")).hasSize(1);
        assertThat(store.tokens(as.mcpUrl().toString())).get().satisfies(tokens -> {
            assertThat(tokens.issuer()).isEqualTo(as.base());
            assertThat(tokens.toString()).doesNotContain("access-1").doesNotContain("refresh-1");
        });
        assertThat(server().authorizationHeader()).contains("Bearer access-1");
        assertThat(server().status().signedIn()).isTrue();
    }

    @Test
    void refreshesBeforeExpiryAndKeepsTheRotatedRefreshToken() throws Exception {
        as.expiresIn = 120;
        headless.signIn(server(), REDIRECT);
        now.set(now.get().plus(Duration.ofSeconds(90)));

        assertThat(server().authorizationHeader()).contains("Bearer access-2");
        assertThat(as.tokenForms.get(1).get("grant_type")).containsExactly("refresh_token");
        assertThat(as.tokenForms.get(1).get("refresh_token")).containsExactly("refresh-1");
        assertThat(as.tokenForms.get(1).get("resource")).containsExactly(as.base() + "/mcp");
        assertThat(store.tokens(as.mcpUrl().toString()).orElseThrow().refreshToken()).contains("refresh-2");
    }

    @Test
    void aRefusedRefreshAfterA401LeavesTheServerNeedingSignIn() throws Exception {
        headless.signIn(server(), REDIRECT);
        as.refuseRefresh = true;
        server().challenged(BearerChallenge.parse(401, "Bearer error=\"invalid_token\""));

        assertThat(server().authorizationHeader()).isEmpty();
        assertThat(server().needsSignIn()).isTrue();
        assertThat(server().status().lastError()).get().asString().contains("refused the refresh_token grant");
    }

    @Test
    void stepUpAsksForTheUnionOfScopes() throws Exception {
        headless.signIn(server(), REDIRECT);
        server().challenged(BearerChallenge.parse(403,
                "Bearer error=\"insufficient_scope\", scope=\"mcp:write\""));
        headless.signIn(server(), REDIRECT);

        assertThat(as.authorizations.get(1).get("scope")).containsExactly("mcp:read mcp:write");
    }

    @Test
    void signOutRevokesAndDeletes() throws Exception {
        headless.signIn(server(), REDIRECT);

        assertThat(server().signOut()).isTrue();
        assertThat(as.revocations).hasSize(2);
        assertThat(store.tokens(as.mcpUrl().toString())).isEmpty();
    }

    @Test
    void refusesAuthorizationServerMetadataAtTheCloudMetadataAddress() {
        as.resourceMetadata().put("authorization_servers", List.of("http://169.254.169.254/latest"));

        assertRefused(OAuthException.Reason.DESTINATION_REFUSED, "169.254.169.254");
    }

    @Test
    void refusesAnAuthorizationServerOnAPrivateAddress() {
        as.resourceMetadata().put("authorization_servers", List.of("https://10.0.0.7"));

        assertRefused(OAuthException.Reason.DESTINATION_REFUSED, "10.0.0.7");
    }

    @Test
    void refusesMetadataWhoseIssuerDiffers() {
        as.asMetadata().put("issuer", "https://attacker.example");

        assertRefused(OAuthException.Reason.ISSUER_MISMATCH, "attacker.example");
    }

    @Test
    void refusesAServerThatDoesNotAdvertiseS256() {
        as.asMetadata().put("code_challenge_methods_supported", List.of("plain"));

        assertRefused(OAuthException.Reason.PKCE_UNSUPPORTED, "S256");
    }

    @Test
    void refusesAnAuthorizationEndpointWithAFileScheme() {
        as.asMetadata().put("authorization_endpoint", "file:///etc/passwd");

        assertRefused(OAuthException.Reason.DESTINATION_REFUSED, "file");
    }

    @Test
    void refusesAResourceMetadataDocumentForAnotherResource() {
        as.resourceMetadata().put("resource", "https://evil.example/mcp");

        assertRefused(OAuthException.Reason.RESOURCE_MISMATCH, "evil.example");
    }

    @Test
    void refusesARedirectToJavascript() {
        as.redirectOverride = "javascript:alert(1)";

        assertRefused(OAuthException.Reason.DESTINATION_REFUSED, "javascript");
    }

    @Test
    void refusesACallbackFromTheWrongIssuer() {
        as.issInRedirect = "https://evil.example";

        assertRefused(OAuthException.Reason.ISSUER_MISMATCH, "evil.example");
    }

    @Test
    void refusesACallbackWithoutIssWhenTheServerAdvertisesIt() {
        as.issInRedirect = null;

        assertRefused(OAuthException.Reason.ISSUER_MISMATCH, "lacks it");
    }

    @Test
    void refusesAnUnknownStateAndAReplayedOne() throws Exception {
        URI authorizationUrl = server().begin();
        String state = com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(authorizationUrl.getRawQuery())
                .get("state").getFirst();

        assertThatThrownBy(() -> credentials.complete(URI.create(REDIRECT + "?code=x&state=forged")))
                .isInstanceOf(OAuthException.class).hasMessageContaining("state is unknown");
        credentials.complete(URI.create(REDIRECT + "?code=x&state=" + state + "&iss=" + as.base()));
        assertThatThrownBy(() -> credentials.complete(URI.create(REDIRECT + "?code=y&state=" + state)))
                .isInstanceOf(OAuthException.class).hasMessageContaining("already used");
        assertThat(as.tokenForms).hasSize(1);
    }

    @Test
    void refusesAStateOlderThanTenMinutes() throws Exception {
        URI authorizationUrl = server().begin();
        String state = com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(authorizationUrl.getRawQuery())
                .get("state").getFirst();
        now.set(now.get().plus(Duration.ofMinutes(11)));

        assertThatThrownBy(() -> credentials.complete(URI.create(REDIRECT + "?code=x&state=" + state)))
                .isInstanceOf(OAuthException.class).hasMessageContaining("older than 10 minutes");
        assertThat(as.tokenForms).isEmpty();
        assertThat(store.tokens(as.mcpUrl().toString())).isEmpty();
    }

    private void assertRefused(OAuthException.Reason reason, String mentioned) {
        assertThatThrownBy(() -> headless.signIn(server(), REDIRECT))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(mentioned);
        assertThat(as.tokenForms).isEmpty();
        assertThat(store.tokens(as.mcpUrl().toString())).isEmpty();
    }
}
