package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RequestStateSealTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T08:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final RequestStateSeal seal = new RequestStateSeal(clock);
    private final byte[] hash = InputRequests.hash("fixture", "tools/call",
            (ObjectNode) JsonMapper.builder().build().readTree("{\"name\":\"t\",\"arguments\":{\"b\":1,\"a\":2}}"));

    private RequestStateSeal.State state() {
        return new RequestStateSeal.State("h1", 2, "/s/fixture/mcp|local-user", hash, List.of("elicitation-1"),
                now.get().plusSeconds(60));
    }

    @Test
    void opensWhatItSealedWithEveryBindingIntact() throws Exception {
        RequestStateSeal.State opened = seal.open(seal.seal(state()));

        assertThat(opened.handle()).isEqualTo("h1");
        assertThat(opened.round()).isEqualTo(2);
        assertThat(opened.keys()).containsExactly("elicitation-1");
        assertThat(opened.isFor("/s/fixture/mcp|local-user", hash)).isTrue();
        assertThat(opened.isFor("/mcp|local-user", hash)).isFalse();
    }

    @Test
    void sealsTheSameStateDifferentlyEachTimeAndShowsNothingOfIt() {
        String first = seal.seal(state());
        assertThat(seal.seal(state())).isNotEqualTo(first);
        assertThat(first).doesNotContain("fixture").doesNotContain("elicitation");
    }

    @Test
    void refusesEveryAlteredByte() {
        String sealed = seal.seal(state());
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(RequestStateSeal.PREFIX.length()));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String text = RequestStateSeal.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThatThrownBy(() -> seal.open(text)).isInstanceOf(RequestStateSeal.Refused.class);
        }
    }

    @Test
    void refusesStateSealedByAnotherProcess() {
        String foreign = new RequestStateSeal(clock).seal(state());
        assertThatThrownBy(() -> seal.open(foreign)).isInstanceOf(RequestStateSeal.Refused.class)
                .hasMessageContaining("before a restart");
    }

    @Test
    void refusesStateOnceItHasExpired() throws Exception {
        String sealed = seal.seal(state());
        now.set(now.get().plus(Duration.ofSeconds(59)));
        seal.open(sealed);
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> seal.open(sealed)).isInstanceOf(RequestStateSeal.Refused.class)
                .hasMessageContaining("expired");
    }

    @Test
    void refusesTextItNeverIssued() {
        for (String text : new String[] {"", "opaque", "gh1.", "gh1.!!!", "gh1.AAAA", "gh1." + "A".repeat(9000)}) {
            assertThatThrownBy(() -> seal.open(text)).as(text).isInstanceOf(RequestStateSeal.Refused.class);
        }
    }

    @Test
    void hashesParamsWithoutMetaAndWithoutRegardToKeyOrder() {
        JsonMapper json = JsonMapper.builder().build();
        byte[] reordered = InputRequests.hash("fixture", "tools/call", (ObjectNode) json.readTree(
                "{\"arguments\":{\"a\":2,\"b\":1},\"name\":\"t\",\"_meta\":{\"progressToken\":7}}"));
        byte[] otherServer = InputRequests.hash("other", "tools/call", (ObjectNode) json.readTree(
                "{\"name\":\"t\",\"arguments\":{\"b\":1,\"a\":2}}"));
        assertThat(reordered).isEqualTo(hash);
        assertThat(otherServer).isNotEqualTo(hash);
    }
}
