package dev.gatehouse.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderPolicyTest {

    private static HttpFields.Mutable everything() {
        return HttpFields.build()
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Authenticate", "Basic")
                .add("Proxy-Authorization", "Basic abc")
                .add("TE", "trailers")
                .add("Trailer", "X-Checksum")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "websocket")
                .add("X-Secret-Hop", "named by Connection")
                .add("Host", "127.0.0.1")
                .add("Content-Length", "12")
                .add("Authorization", "Bearer client-token")
                .add("Cookie", "session=client")
                .add("Set-Cookie", "sid=server")
                .add("Content-Type", "application/json")
                .add("Mcp-Protocol-Version", "2025-11-25");
    }

    @ParameterizedTest
    @EnumSource(HeaderPolicy.Direction.class)
    void stripsHopByHopHeadersAndTheOnesConnectionNamesBothWays(HeaderPolicy.Direction direction) {
        HttpFields kept = HeaderPolicy.filter(everything(), direction);
        assertThat(kept.getFieldNamesCollection()).doesNotContain("Connection", "Keep-Alive", "Proxy-Authenticate",
                "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "X-Secret-Hop", "Host",
                "Content-Length");
        assertThat(kept.get("Content-Type")).isEqualTo("application/json");
        assertThat(kept.get("Mcp-Protocol-Version")).isEqualTo("2025-11-25");
    }

    @Test
    void neverForwardsTheClientsCredentialsToAServer() {
        HttpFields kept = HeaderPolicy.filter(everything(), HeaderPolicy.Direction.TO_SERVER);
        assertThat(kept.get("Authorization")).isNull();
        assertThat(kept.get("Cookie")).isNull();
    }

    @Test
    void neverPassesAServersCookiesToAClient() {
        HttpFields kept = HeaderPolicy.filter(everything(), HeaderPolicy.Direction.TO_CLIENT);
        assertThat(kept.get("Set-Cookie")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "nul\u0000", "del\u007f", "bell\u0007",
            "esc\u001b[0m", "snowman\u2603"})
    void refusesValuesWithControlCharacters(String value) {
        assertThatThrownBy(() -> HeaderPolicy.filter(HttpFields.build().add("X-Test", value),
                HeaderPolicy.Direction.TO_SERVER))
                .isInstanceOf(HeaderRejectedException.class)
                .hasMessageNotContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Test", "X:Test", "X\tTest", "X\r\nTest", "(x)", "", "ü"})
    void refusesNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> HeaderPolicy.check(name, "v")).isInstanceOf(HeaderRejectedException.class);
    }

    @Test
    void acceptsATabAndLatin1InValues() {
        HeaderPolicy.check("X-Test", "a\tb caf\u00e9");
    }
}
