package dev.gatehouse.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose answer a message was when the message itself cannot be read (over a size limit, or not valid JSON-RPC), so
 * the call waiting for it can fail at once instead of waiting out its timeout. Only a clear case counts: a JSON
 * object whose top-level members, as far as its first bytes show, include {@code result} or {@code error} and no
 * {@code method}, with an integer top-level {@code id} among those first bytes or as the very last member. Anything
 * less certain is no answer, because failing the wrong call is worse than a timeout.
 */
public final class UnreadableAnswer {

    private static final Pattern LAST_MEMBER_ID = Pattern.compile("\"id\"\\s*:\\s*(-?[0-9]{1,18})\\s*}\\s*$");

    private UnreadableAnswer() {
    }

    /** The id of the answer whose whole text is {@code bytes}, judged by its two ends. */
    public static OptionalLong id(byte[] bytes) {
        int edge = Math.min(bytes.length, BoundedLineReader.EDGE_BYTES);
        return id(Arrays.copyOf(bytes, edge), Arrays.copyOfRange(bytes, bytes.length - edge, bytes.length));
    }

    /** The id of the answer that begins with {@code head} and ends with {@code tail}. */
    public static OptionalLong id(byte[] head, byte[] tail) {
        TopLevel members = new TopLevel(head);
        members.scan();
        if (!members.response || members.request) {
            return OptionalLong.empty();
        }
        if (members.id != null) {
            return OptionalLong.of(members.id);
        }
        Matcher last = LAST_MEMBER_ID.matcher(new String(tail, StandardCharsets.ISO_8859_1));
        return last.find() ? OptionalLong.of(Long.parseLong(last.group(1))) : OptionalLong.empty();
    }

    /** A lenient reader of an object's top-level member names, stopping where its bytes end. */
    private static final class TopLevel {
        private final byte[] bytes;
        private int at;
        private boolean response;
        private boolean request;
        private Long id;

        TopLevel(byte[] bytes) {
            this.bytes = bytes;
        }

        void scan() {
            skipSpace();
            if (!take('{')) {
                return;
            }
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                if (name == null || !take(':')) {
                    return;
                }
                skipSpace();
                switch (name) {
                    case "result", "error" -> response = true;
                    case "method" -> request = true;
                    case "id" -> id = integer();
                    default -> {
                        // Other members say nothing about whose answer this is.
                    }
                }
                if (!skipValue()) {
                    return;
                }
                skipSpace();
                if (!take(',')) {
                    return;
                }
            }
        }

        /** An integer value ending where a value ends, or null (the position is left for skipValue). */
        private Long integer() {
            int end = at;
            if (end < bytes.length && bytes[end] == '-') {
                end++;
            }
            int digits = end;
            while (end < bytes.length && bytes[end] >= '0' && bytes[end] <= '9') {
                end++;
            }
            if (end == digits || end - digits > 18 || end == bytes.length || !endsValue(bytes[end])) {
                return null;
            }
            return Long.parseLong(new String(bytes, at, end - at, StandardCharsets.ISO_8859_1));
        }

        private String string() {
            if (!take('"')) {
                return null;
            }
            int start = at;
            while (at < bytes.length && bytes[at] != '"') {
                at += bytes[at] == '\\' ? 2 : 1;
            }
            if (at >= bytes.length) {
                return null;
            }
            return new String(bytes, start, at++ - start, StandardCharsets.UTF_8);
        }

        /** Skips one value; false when the bytes end inside it. */
        private boolean skipValue() {
            if (at >= bytes.length) {
                return false;
            }
            if (bytes[at] == '"') {
                return string() != null;
            }
            int depth = 0;
            while (at < bytes.length) {
                byte b = bytes[at];
                if (b == '"') {
                    if (string() == null) {
                        return false;
                    }
                    continue;
                }
                if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    if (depth == 0) {
                        return true;
                    }
                    depth--;
                } else if (b == ',' && depth == 0) {
                    return true;
                }
                at++;
            }
            return false;
        }

        private static boolean endsValue(byte b) {
            return b == ',' || b == '}' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }

        private boolean take(char c) {
            if (at < bytes.length && bytes[at] == c) {
                at++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\r'
                    || bytes[at] == '\n')) {
                at++;
            }
        }
    }
}
