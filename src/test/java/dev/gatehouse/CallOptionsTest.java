package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which timeout a call gets: the server's own unless the caller asked for one, even one equal to the default. */
class CallOptionsTest {

    private static final Duration CONFIGURED = Duration.ofSeconds(7);

    @Test
    void theDefaultAndNoOptionsMeanTheServersConfiguredTimeout() {
        assertThat(CallOptions.timeoutOn(CallOptions.DEFAULT, CONFIGURED)).isEqualTo(CONFIGURED);
        assertThat(CallOptions.timeoutOn(null, CONFIGURED)).isEqualTo(CONFIGURED);
    }

    @Test
    void anExplicitSixtySecondsIsKeptAlthoughItEqualsTheDefaultsValue() {
        CallOptions sixty = new CallOptions(Duration.ofSeconds(60));
        assertThat(sixty).isEqualTo(CallOptions.DEFAULT);
        assertThat(CallOptions.timeoutOn(sixty, CONFIGURED)).isEqualTo(Duration.ofSeconds(60));
    }
}
