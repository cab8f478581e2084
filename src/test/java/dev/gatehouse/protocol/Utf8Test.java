package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "C1BF", "E080AF", "F08080AF", "EDA080", "EDBFBF", "F4908080", "F5808080", "FF",
            "FE", "80", "BF", "C3", "E282", "F09F98", "C328", "E228A1"})
    void refusesOverlongSurrogateOutOfRangeAndTruncatedSequences(String hex) {
        byte[] bytes = HexFormat.of().parseHex("61" + hex + "62");
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain ascii", "café", "€ sign", "😀 emoji", "中文", "\u007f\u0080\u07ff\u0800\uffff",
            "\uD7FF\uE000", "\uDBFF\uDFFF"})
    void acceptsEveryValidSequence(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(-1);
    }
}
