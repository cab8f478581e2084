package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RpcError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ParamHeaderCheckTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectNode SCHEMA = (ObjectNode) JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"},"
                    + "\"note\":{\"type\":\"string\"}}}");

    private static RpcError check(Map<String, String> headers, String arguments) {
        return ParamHeaderCheck.check(name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(),
                SCHEMA, JSON.readTree(arguments));
    }

    @Test
    void aPlainOrCanonicalBase64HeaderEqualToTheArgumentIsAccepted() {
        assertThat(check(Map.of("Mcp-Param-Region", "eu-west"), "{\"region\":\"eu-west\"}")).isNull();
        assertThat(check(Map.of("Mcp-Param-Region", "=?base64?SGVsbG8=?="), "{\"region\":\"Hello\"}")).isNull();
    }

    @Test
    void aValueWithoutBothPrefixAndSuffixIsTakenLiterally() {
        assertThat(check(Map.of("Mcp-Param-Region", "SGVsbG8="), "{\"region\":\"SGVsbG8=\"}")).isNull();
        assertThat(check(Map.of("Mcp-Param-Region", "=?base64?SGVsbG8="), "{\"region\":\"=?base64?SGVsbG8=\"}"))
                .isNull();
    }

    @Test
    void base64WithoutItsPaddingOrWithForeignCharactersIsAHeaderMismatch() {
        assertThat(check(Map.of("Mcp-Param-Region", "=?base64?SGVsbG8?="), "{\"region\":\"Hello\"}").code())
                .isEqualTo(ModernEra.HEADER_MISMATCH);
        assertThat(check(Map.of("Mcp-Param-Region", "=?base64?SGVs!!!bG8=?="), "{\"region\":\"Hello\"}").code())
                .isEqualTo(ModernEra.HEADER_MISMATCH);
    }

    @Test
    void anArgumentWithoutItsHeaderOrAHeaderThatDiffersIsAHeaderMismatch() {
        assertThat(check(Map.of(), "{\"region\":\"eu-west\"}").code()).isEqualTo(ModernEra.HEADER_MISMATCH);
        assertThat(check(Map.of("Mcp-Param-Region", "us-east"), "{\"region\":\"eu-west\"}").code())
                .isEqualTo(ModernEra.HEADER_MISMATCH);
    }

    @Test
    void argumentsWithoutAnnotationsNeedNoHeaders() {
        assertThat(check(Map.of(), "{\"note\":\"anything\"}")).isNull();
    }
}
