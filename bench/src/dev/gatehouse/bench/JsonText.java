package dev.gatehouse.bench;

/**
 * Just enough JSON for the benchmark: quote a string, and find one member of an object as raw text. The
 * benchmark never builds a tree; it reads {@code id}, {@code method}, {@code result}/{@code error} and a tool
 * argument, so a scanner that skips over values it does not need is all it takes.
 */
final class JsonText {

    private JsonText() {
    }

    /** Returns {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Decodes a JSON string literal (quotes included); returns null when {@code raw} is not a string. */
    static String unquote(String raw) {
        if (raw == null || raw.length() < 2 || raw.charAt(0) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /**
     * Returns the raw text of member {@code key} of the JSON object {@code json}, or null when {@code json} is
     * not an object or has no such member. Only the top level is searched.
     *
     * @throws IllegalArgumentException when the text is not well-formed where the scanner has to look
     */
    static String member(String json, String key) {
        if (json == null) {
            return null;
        }
        int i = skipSpace(json, 0);
        if (i >= json.length() || json.charAt(i) != '{') {
            return null;
        }
        i = skipSpace(json, i + 1);
        if (i < json.length() && json.charAt(i) == '}') {
            return null;
        }
        while (true) {
            if (i >= json.length() || json.charAt(i) != '"') {
                throw malformed(json, i, "expected a member name");
            }
            int keyEnd = skipString(json, i);
            boolean match = keyEnd - i - 2 == key.length() && json.startsWith(key, i + 1);
            i = skipSpace(json, keyEnd);
            if (i >= json.length() || json.charAt(i) != ':') {
                throw malformed(json, i, "expected ':'");
            }
            int valueStart = skipSpace(json, i + 1);
            int valueEnd = skipValue(json, valueStart);
            if (match) {
                return json.substring(valueStart, valueEnd);
            }
            i = skipSpace(json, valueEnd);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skipSpace(json, i + 1);
            } else if (i < json.length() && json.charAt(i) == '}') {
                return null;
            } else {
                throw malformed(json, i, "expected ',' or '}'");
            }
        }
    }

    private static int skipValue(String json, int i) {
        if (i >= json.length()) {
            throw malformed(json, i, "expected a value");
        }
        char c = json.charAt(i);
        if (c == '"') {
            return skipString(json, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < json.length()) {
                char d = json.charAt(i);
                if (d == '"') {
                    i = skipString(json, i);
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            throw malformed(json, i, "unterminated " + c);
        }
        int start = i;
        while (i < json.length() && ",}] \t\r\n".indexOf(json.charAt(i)) < 0) {
            i++;
        }
        if (i == start) {
            throw malformed(json, i, "expected a value");
        }
        return i;
    }

    /** {@code i} is at an opening quote; returns the index just past the closing one. */
    private static int skipString(String json, int i) {
        for (i = i + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        throw malformed(json, i, "unterminated string");
    }

    private static int skipSpace(String json, int i) {
        while (i < json.length() && " \t\r\n".indexOf(json.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException malformed(String json, int at, String what) {
        String head = json.length() > 80 ? json.substring(0, 80) + "..." : json;
        return new IllegalArgumentException(what + " at offset " + at + " of " + json.length()
                + "-char JSON starting " + head);
    }
}
