package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedOutputTest {

    @Test
    void countsEveryByteButKeepsOnlyTheCap() {
        CappedOutput out = new CappedOutput(4);
        out.write("abcdefgh".getBytes(StandardCharsets.US_ASCII), 0, 8);
        out.write('i');
        assertThat(out.count()).isEqualTo(9);
        assertThat(out.truncated()).isTrue();
        assertThat(out.text()).isEqualTo("abcd");
    }

    @Test
    void dropsAMultiByteCharacterCutAtTheCap() {
        CappedOutput out = new CappedOutput(3);
        byte[] bytes = "aé€".getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        assertThat(out.text()).isEqualTo("aé");
        CappedOutput cutInEuro = new CappedOutput(4);
        cutInEuro.write(bytes, 0, bytes.length);
        assertThat(cutInEuro.text()).isEqualTo("aé");
    }

    @Test
    void keepsEverythingUnderTheCap() {
        CappedOutput out = new CappedOutput(100);
        out.write("€uro".getBytes(StandardCharsets.UTF_8), 0, 6);
        assertThat(out.truncated()).isFalse();
        assertThat(out.text()).isEqualTo("€uro");
    }
}
