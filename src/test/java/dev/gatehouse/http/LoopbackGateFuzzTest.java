package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/**
 * Whatever Host and Origin headers arrive, the gate never throws, and whatever it lets pass is checked again here
 * by an independent oracle ({@link URI}): exactly one Host naming a loopback host, at most one Origin that is a
 * bare http(s) origin on a loopback host.
 */
class LoopbackGateFuzzTest {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private final LoopbackGate gate = new LoopbackGate();

    @FuzzTest(maxDuration = "60s")
    void passesOnlyWhatAnIndependentParserCallsLoopback(FuzzedDataProvider data) {
        HttpFields.Mutable headers = HttpFields.build();
        int hosts = data.consumeInt(0, 2);
        int origins = data.consumeInt(0, 2);
        for (int i = 0; i < hosts; i++) {
            headers.add("Host", data.consumeString(80));
        }
        for (int i = 0; i < origins; i++) {
            headers.add("Origin", data.consumeString(120));
        }
        if (gate.refuse(headers).isPresent()) {
            return;
        }
        assertThat(headers.getValuesList("Host")).hasSize(1);
        assertThat(hostOf("http://" + headers.get("Host").strip())).isIn(LOOPBACK);
        assertThat(headers.getValuesList("Origin")).hasSizeLessThanOrEqualTo(1);
        String origin = headers.get("Origin");
        if (origin != null) {
            URI uri = parse(origin.strip());
            assertThat(uri.getScheme().toLowerCase(Locale.ROOT)).isIn("http", "https");
            assertThat(uri.getRawPath()).isNullOrEmpty();
            assertThat(uri.getRawUserInfo()).isNull();
            assertThat(hostOf(origin.strip())).isIn(LOOPBACK);
        }
    }

    private static String hostOf(String url) {
        String host = parse(url).getHost();
        assertThat(host).as("host of %s", url).isNotNull();
        return host.toLowerCase(Locale.ROOT);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new AssertionError("the gate passed an unparseable value: " + url, e);
        }
    }
}
