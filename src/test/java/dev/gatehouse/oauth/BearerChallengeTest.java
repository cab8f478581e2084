package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void readsErrorScopeAndResourceMetadataFromTheBearerChallenge() {
        BearerChallenge challenge = BearerChallenge.parse(403, "Basic realm=\"x\", Bearer error=\"insufficient_scope\","
                + " scope=\"files:read files:write\", resource_metadata=\"https://mcp.example/.well-known/x\"");

        assertThat(challenge.insufficientScope()).isTrue();
        assertThat(challenge.scopes()).containsExactly("files:read", "files:write");
        assertThat(challenge.resourceMetadata()).contains(URI.create("https://mcp.example/.well-known/x"));
    }

    @Test
    void ignoresParametersOfOtherSchemes() {
        BearerChallenge challenge = BearerChallenge.parse(401, "DPoP scope=\"admin\", Bearer error=invalid_token");

        assertThat(challenge.scopes()).isEmpty();
        assertThat(challenge.error()).contains("invalid_token");
    }

    @Test
    void aMissingHeaderGivesAnEmptyChallenge() {
        BearerChallenge challenge = BearerChallenge.parse(401, null);

        assertThat(challenge.error()).isEmpty();
        assertThat(challenge.resourceMetadata()).isEmpty();
        assertThat(challenge.insufficientScope()).isFalse();
    }

    @Test
    void keepsEscapedQuotesInsideQuotedValues() {
        BearerChallenge challenge = BearerChallenge.parse(401, "Bearer error_description=\"say \\\"hi\\\"\","
                + " scope=\"a\"");

        assertThat(challenge.scopes()).containsExactly("a");
    }
}
