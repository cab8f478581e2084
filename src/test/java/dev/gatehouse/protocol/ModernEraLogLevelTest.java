package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ModernEraLogLevelTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void aRequestWithoutALogLevelLetsNoLogMessageThrough() {
        assertThat(ModernEra.logPasses(null, NODES.stringNode("emergency"))).isFalse();
    }

    @Test
    void aMessageAtOrAboveTheRequestedLevelPassesAndOneBelowDoesNot() {
        assertThat(ModernEra.logPasses("warning", NODES.stringNode("error"))).isTrue();
        assertThat(ModernEra.logPasses("warning", NODES.stringNode("warning"))).isTrue();
        assertThat(ModernEra.logPasses("warning", NODES.stringNode("info"))).isFalse();
    }

    @Test
    void anUnknownRequestedLevelOrAMessageWithoutALevelLetsNothingThrough() {
        assertThat(ModernEra.logPasses("loud", NODES.stringNode("error"))).isFalse();
        assertThat(ModernEra.logPasses("debug", null)).isFalse();
    }
}
