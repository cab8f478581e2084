package dev.gatehouse.admin;

import dev.gatehouse.policy.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A readable diff of a tool's pinned fields: per changed field a header line, then its lines before ({@code - })
 * and after ({@code + }) with unchanged lines as context ({@code   }). Strings diff by their own lines; schemas and
 * annotations as indented JSON with sorted keys, so a reordering is not shown as a change. Characters a reader
 * cannot see (format characters such as zero-width spaces, tag characters, bidi controls, other controls) are
 * written as {@code <U+XXXX>}, because hiding text is exactly what a poisoned definition does.
 */
final class ToolDiff {

    /** Beyond this many line pairs the diff is shown as all removed, then all added. */
    private static final int MAX_CELLS = 1_000_000;
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ToolDiff() {
    }

    static List<String> of(ObjectNode approved, ObjectNode current, List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String field : fields) {
            JsonNode before = approved == null ? null : approved.get(field);
            JsonNode after = current.get(field);
            out.add(before == null ? field + ": added" : after == null ? field + ": removed" : field + ":");
            lines(lines(before), lines(after), out);
        }
        return out;
    }

    private static List<String> lines(JsonNode value) {
        if (value == null) {
            return List.of();
        }
        String text = value.isString() ? value.stringValue() : PRETTY.writeValueAsString(CanonicalJson.sorted(value));
        return text.lines().map(ToolDiff::visible).toList();
    }

    /** A line diff by longest common subsequence. */
    private static void lines(List<String> before, List<String> after, List<String> out) {
        int n = before.size();
        int m = after.size();
        if ((long) n * m > MAX_CELLS) {
            before.forEach(line -> out.add("- " + line));
            after.forEach(line -> out.add("+ " + line));
            return;
        }
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                out.add("  " + before.get(i++));
                j++;
            } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                out.add("+ " + after.get(j++));
            } else {
                out.add("- " + before.get(i++));
            }
        }
    }

    static String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = type == Character.FORMAT || type == Character.CONTROL && c != '\t'
                    || (c >= 0xE0000 && c <= 0xE007F) || c == 0x3164 || c == 0xFFA0 || c == 0x115F || c == 0x1160;
            if (hidden) {
                shown.append("<U+").append(String.format("%04X", c)).append('>');
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
