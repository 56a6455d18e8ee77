package lab.gil.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a program's raw output into text that is safe to store and show: UTF-8 with every invalid byte replaced,
 * CRLF as LF, and control characters other than newline and tab (NUL, ESC of terminal colours, a lone CR) as well as
 * the bidirectional overrides that can make text read differently than it is stored shown as U+FFFD. HTML escaping
 * is still the templates' job.
 */
final class ConsoleText {
    static final char REPLACEMENT = '\uFFFD';

    private ConsoleText() {
    }

    static String decode(byte[] bytes, int length) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
        return clean(text);
    }

    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue;
            }
            out.append(isShown(c) ? c : REPLACEMENT);
        }
        return out.toString();
    }

    private static boolean isShown(char c) {
        if (c == '\n' || c == '\t') {
            return true;
        }
        if (Character.isISOControl(c)) {
            return false;
        }
        boolean bidiControl = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
        return !bidiControl;
    }
}
