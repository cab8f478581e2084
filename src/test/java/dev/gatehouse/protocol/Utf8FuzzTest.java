package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Differential: the codec's UTF-8 check agrees with the JDK's strict decoder on every input. */
class Utf8FuzzTest {

    @FuzzTest(maxDuration = "60s")
    void agreesWithTheJdksStrictDecoder(byte[] input) {
        boolean jdkAccepts;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
            jdkAccepts = true;
        } catch (CharacterCodingException e) {
            jdkAccepts = false;
        }
        assertThat(Utf8.firstInvalid(input, 0, input.length) < 0).isEqualTo(jdkAccepts);
    }
}
