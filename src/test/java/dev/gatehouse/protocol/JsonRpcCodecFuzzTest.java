package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes given to the codec either decode to a message or fail with a {@link ProtocolException} carrying a
 * JSON-RPC parse or request error; nothing else may escape. A decoded message re-encodes to bytes that decode to
 * the same message. Without {@code JAZZER_FUZZ=1} this replays the committed corpus in
 * {@code src/test/resources/dev/gatehouse/protocol/JsonRpcCodecFuzzTestInputs}.
 */
class JsonRpcCodecFuzzTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec(new JsonLimits(32, 64 * 1024, 1024 * 1024));

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefusesWithAJsonRpcError(byte[] input) {
        Message message;
        try {
            message = CODEC.decode(input);
        } catch (ProtocolException e) {
            assertThat(e.error().code()).isIn(RpcError.PARSE_ERROR, RpcError.INVALID_REQUEST);
            assertThat(e.error().message()).isNotBlank();
            return;
        }
        assertThat(CODEC.decode(CODEC.encode(message))).isEqualTo(message);
    }
}
