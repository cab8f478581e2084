package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** Cases the wire tests cannot reach because Jetty refuses them first; the gate must refuse them on its own too. */
class LoopbackGateTest {

    private final LoopbackGate gate = new LoopbackGate();

    @Test
    void aPortWrittenInAnotherScriptsDigitsIsRefused() {
        // Arabic-Indic "80": Character.isDigit and Integer.parseInt accept it, a URI parser does not.
        assertThat(gate.refuse(HttpFields.build().add("Host", "localhost:\u0668\u0660"))).isPresent();
        assertThat(gate.refuse(HttpFields.build().add("Host", "[::1]:\uff18\uff10"))).isPresent();
        assertThat(gate.refuse(HttpFields.build().add("Host", "localhost")
                .add("Origin", "http://localhost:\u0668\u0660"))).isPresent();
    }

    @Test
    void anAsciiPortStillPasses() {
        assertThat(gate.refuse(HttpFields.build().add("Host", "localhost:80")
                .add("Origin", "http://127.0.0.1:9470"))).isEmpty();
    }
}
