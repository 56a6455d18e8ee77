package lab.gil.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleTextTest {

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        byte[] bytes = {'a', (byte) 0xC3, 'b', (byte) 0xFF};
        assertThat(ConsoleText.decode(bytes, bytes.length)).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void aSequenceCutByTheOutputLimitDoesNotThrow() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(ConsoleText.decode(euro, 2)).isEqualTo("\uFFFD");
    }

    @Test
    void newlinesTabsAndTextStayButControlsAndBidiOverridesGo() {
        assertThat(ConsoleText.clean("line 1\r\nline\t2\n\u0000\u001b[0m\rcut\u202Eevil\u2066"))
                .isEqualTo("line 1\nline\t2\n\uFFFD\uFFFD[0m\uFFFDcut\uFFFDevil\uFFFD");
    }

    @Test
    void textOutsideTheBasicPlaneSurvives() {
        assertThat(ConsoleText.clean("GIL 🐍 ünïcode")).isEqualTo("GIL 🐍 ünïcode");
    }
}
