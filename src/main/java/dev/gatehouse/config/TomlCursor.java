package dev.gatehouse.config;

import dev.gatehouse.config.TomlPositionIndex.Position;

/**
 * The lexical half of {@link TomlPositionScanner}: a position in TOML text that knows its line and column,
 * and how to step over blanks, comments, keys and the four string forms. Never throws on malformed text; it
 * stops at the end of the line or the text instead.
 */
final class TomlCursor {

    private final String text;
    private int pos;
    private int lineStart;
    private int line = 1;

    TomlCursor(String text) {
        this.text = text;
    }

    Position here() {
        return new Position(line, text.codePointCount(lineStart, pos) + 1);
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** True when the next character is {@code c}; false at the end. */
    boolean at(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    boolean atKeyStart() {
        return at('"') || at('\'') || (!atEnd() && isBareKeyChar(text.charAt(pos)));
    }

    boolean startsWith(String prefix) {
        return text.startsWith(prefix, pos);
    }

    char advance() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
            lineStart = pos;
        }
        return c;
    }

    /** Steps over {@code c} if it is next; says whether it was. */
    boolean consume(char c) {
        if (!at(c)) {
            return false;
        }
        advance();
        return true;
    }

    /** Spaces, tabs and comments; newlines as well when {@code newlines}. */
    void skipBlank(boolean newlines) {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == '#') {
                skipRestOfLine();
            } else if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
                advance();
            } else {
                return;
            }
        }
    }

    void skipRestOfLine() {
        while (!atEnd() && !at('\n')) {
            advance();
        }
    }

    /** One key segment, bare or quoted, returned as the name it denotes. */
    String key() {
        if (at('"')) {
            return basicString();
        }
        if (at('\'')) {
            return literalString();
        }
        int start = pos;
        while (!atEnd() && isBareKeyChar(text.charAt(pos))) {
            advance();
        }
        return text.substring(start, pos);
    }

    /** Any string form, or a bare scalar (number, boolean, date) up to the next delimiter. */
    void scalar() {
        if (startsWith("\"\"\"")) {
            multiLineString("\"\"\"", true);
        } else if (startsWith("'''")) {
            multiLineString("'''", false);
        } else if (at('"')) {
            basicString();
        } else if (at('\'')) {
            literalString();
        } else {
            while (!atEnd() && ",]}\n#".indexOf(text.charAt(pos)) < 0) {
                advance();
            }
        }
    }

    private String basicString() {
        advance();
        StringBuilder content = new StringBuilder();
        while (!atEnd() && !at('\n')) {
            char c = advance();
            if (c == '"') {
                break;
            }
            if (c == '\\' && !atEnd()) {
                content.append(escape());
            } else {
                content.append(c);
            }
        }
        return content.toString();
    }

    /** What the escape after a backslash stands for; the real parser rejects the invalid ones. */
    private String escape() {
        char c = advance();
        return switch (c) {
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'f' -> "\f";
            case 'r' -> "\r";
            case 'e' -> "\u001b";
            case 'u' -> codePoint(4);
            case 'U' -> codePoint(8);
            default -> String.valueOf(c);
        };
    }

    private String codePoint(int digits) {
        int start = pos;
        while (pos - start < digits && !atEnd() && Character.digit(text.charAt(pos), 16) >= 0) {
            advance();
        }
        String hex = text.substring(start, pos);
        try {
            return Character.toString(Integer.parseInt(hex, 16));
        } catch (IllegalArgumentException notACodePoint) {
            return hex;
        }
    }

    private String literalString() {
        advance();
        int start = pos;
        while (!atEnd() && !at('\'') && !at('\n')) {
            advance();
        }
        String content = text.substring(start, pos);
        consume('\'');
        return content;
    }

    private void multiLineString(String delimiter, boolean escapes) {
        pos += delimiter.length();
        while (!atEnd() && !startsWith(delimiter)) {
            if (advance() == '\\' && escapes && !atEnd()) {
                advance();
            }
        }
        pos = Math.min(text.length(), pos + delimiter.length());
        // Up to two more quotes may still belong to the string: """a""""" is the text a"".
        for (int extra = 0; extra < 2 && at(delimiter.charAt(0)); extra++) {
            advance();
        }
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
