package dev.gatehouse.vault;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms a value takes in text the gateway emits: as is, JSON-escaped, base64 (standard and URL-safe, padded
 * and not), and URL-encoded (form style with '+', RFC 3986 style with %20, upper- and lower-case hex).
 *
 * <p>A value embedded in a longer text that is base64-encoded as a whole ({@code "user:KEY"} in a Basic
 * header) is encoded from a byte offset that may not be a multiple of three; its encoding then differs, but the
 * 4-character groups lying wholly inside the value are fixed by the value and the offset modulo 3. Those cores
 * are added for the two unaligned offsets when at least {@link #MIN_CORE} characters long.
 */
final class SecretForms {

    static final int MIN_CORE = 8;

    private SecretForms() {
    }

    static List<char[]> of(char[] value) {
        Set<String> forms = new LinkedHashSet<>();
        String text = new String(value);
        byte[] bytes = ValueCodec.encode(value);
        try {
            forms.add(text);
            forms.add(jsonEscaped(text));
            for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                forms.add(encoder.encodeToString(bytes));
                forms.add(encoder.withoutPadding().encodeToString(bytes));
                for (int skip = 1; skip <= 2; skip++) {
                    int usable = (bytes.length - skip) / 3 * 3;
                    if (usable * 4 / 3 >= MIN_CORE) {
                        forms.add(encoder.withoutPadding().encodeToString(
                                Arrays.copyOfRange(bytes, skip, skip + usable)));
                    }
                }
            }
            String form = URLEncoder.encode(text, StandardCharsets.UTF_8);
            forms.add(form);
            String rfc3986 = form.replace("+", "%20");
            forms.add(rfc3986);
            forms.add(lowerHex(form));
            forms.add(lowerHex(rfc3986));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        List<char[]> out = new ArrayList<>(forms.size());
        forms.forEach(form -> out.add(form.toCharArray()));
        return out;
    }

    private static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@code %2F} as {@code %2f}: some encoders write lower-case hex. */
    private static String lowerHex(String encoded) {
        StringBuilder out = new StringBuilder(encoded);
        for (int i = 0; i + 2 < out.length(); i++) {
            if (out.charAt(i) == '%') {
                out.setCharAt(i + 1, Character.toLowerCase(out.charAt(i + 1)));
                out.setCharAt(i + 2, Character.toLowerCase(out.charAt(i + 2)));
            }
        }
        return out.toString();
    }
}
