package dev.gatehouse.upstream.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a value travels in an {@code Mcp-Name} or {@code Mcp-Param-*} header (MCP 2026-07-28, "value encoding"):
 * as itself when it is printable ASCII without surrounding whitespace, otherwise as {@code =?base64?…?=} of its
 * UTF-8 bytes. A plain value that happens to look like that wrapper is wrapped too, so decoding is unambiguous.
 */
public final class HeaderValues {

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    public static String encode(String value) {
        boolean safe = value.strip().length() == value.length()
                && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
                && !(value.startsWith(PREFIX) && value.endsWith(SUFFIX));
        return safe ? value
                : PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }
}
