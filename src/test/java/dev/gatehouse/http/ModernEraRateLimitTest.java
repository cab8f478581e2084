package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.RunningGateway;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.config.LimitSettings;
import dev.gatehouse.config.SecuritySettings;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.testing.McpSessionClient;
import dev.gatehouse.testing.RawHttp;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A modern-era (2026-07-28) request has no session, so a budget per request context would never run dry: the
 * modern requests through one endpoint share one token bucket, refused with 429 and Retry-After once it is
 * empty, while a legacy session keeps its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModernEraRateLimitTest {

    private static final LimitSettings LIMITS = new LimitSettings(1, 5, 100, 100, 16, 128, 64 * 1024, 8192,
            LimitSettings.DEFAULTS.maxUpstreamLineBytes());
    private static final String LIST = """
            {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
             "io.modelcontextprotocol/protocolVersion":"%s","io.modelcontextprotocol/clientCapabilities":{},
             "io.modelcontextprotocol/clientInfo":{"name":"client-%d","version":"1"}}}}""";

    @Test
    void modernRequestsShareTheirEndpointsBudgetAndAreRefusedWith429OnceItIsSpent() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0),
                List.of(), LIMITS, SecuritySettings.DEFAULTS))) {
            RawHttp http = new RawHttp(gateway.port());
            RawHttp.Reply last = null;
            int answered = 0;
            // Each request names another client: a self-declared name buys no fresh budget.
            for (int i = 0; i < 20 && (last == null || last.status() == 200); i++) {
                last = http.postJson("/mcp", LIST.formatted(ModernEra.VERSION, i), List.of(
                        "MCP-Protocol-Version: " + ModernEra.VERSION, "Mcp-Method: tools/list"));
                answered += last.status() == 200 ? 1 : 0;
            }
            assertThat(last.status()).as(last.body()).isEqualTo(429);
            assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
            assertThat(McpSessionClient.response(last).path("error").path("code").asInt()).isEqualTo(-32029);
            assertThat(answered).isBetween(LIMITS.requestBurst(), LIMITS.requestBurst() + 3);
            assertThat(gateway.gateway().limitCounters().count(LimitCounters.Limit.SESSION_RATE)).isEqualTo(1);

            McpSessionClient legacy = new McpSessionClient(gateway.port(), "/mcp");
            assertThat(legacy.initialize().status()).isEqualTo(200);
            assertThat(legacy.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").status())
                    .isEqualTo(200);
        }
    }
}
