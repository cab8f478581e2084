package dev.gatehouse.http;

import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.RpcError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Mcp-Param-*} headers of a modern {@code tools/call} (SEP-2243): every argument the tool's input schema
 * marks with {@code x-mcp-header} travels in that header too, so intermediaries can route on it without reading the
 * body. A header must then be present whenever the argument is, and say the same thing; a {@code =?base64?…?=}
 * value must be canonical Base64 (padding included), and anything without both the prefix and the suffix is taken
 * literally. A disagreement is a HeaderMismatch, answered with 400.
 */
final class ParamHeaderCheck {

    private static final String ANNOTATION = "x-mcp-header";
    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";
    private static final Pattern CANONICAL_BASE64 = Pattern.compile("(?:[A-Za-z0-9+/]{4})*"
            + "(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private ParamHeaderCheck() {
    }

    /**
     * The first disagreement between the headers ({@code headers} answers every value of a header name) and the
     * arguments, or null when they agree.
     */
    static RpcError check(Function<String, List<String>> headers, ObjectNode inputSchema, JsonNode arguments) {
        if (inputSchema == null || !(inputSchema.get("properties") instanceof ObjectNode properties)) {
            return null;
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode header = property.getValue().get(ANNOTATION);
            if (header == null || !header.isString()) {
                continue;
            }
            String name = "Mcp-Param-" + header.stringValue();
            JsonNode argument = arguments == null ? null : arguments.get(property.getKey());
            List<String> values = headers.apply(name);
            if (argument == null || argument.isNull()) {
                if (!values.isEmpty()) {
                    return mismatch(name + " is present but the argument '" + property.getKey() + "' is not");
                }
                continue;
            }
            if (values.size() != 1) {
                return mismatch(name + " must carry the argument '" + property.getKey() + "' once");
            }
            String decoded = decode(values.getFirst().strip());
            String expected = argument.isString() ? argument.stringValue() : argument.toString();
            if (decoded == null) {
                return mismatch(name + " is not valid Base64");
            }
            if (!decoded.equals(expected)) {
                return mismatch(name + " must equal the argument '" + property.getKey() + "'");
            }
        }
        return null;
    }

    /** The header's value: the UTF-8 text of a canonical Base64 wrapper, the text itself without one; null if bad. */
    private static String decode(String value) {
        if (!(value.startsWith(PREFIX) && value.endsWith(SUFFIX) && value.length() >= PREFIX.length()
                + SUFFIX.length())) {
            return value;
        }
        String encoded = value.substring(PREFIX.length(), value.length() - SUFFIX.length());
        if (!CANONICAL_BASE64.matcher(encoded).matches()) {
            return null;
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static RpcError mismatch(String why) {
        return new RpcError(ModernEra.HEADER_MISMATCH, "Header mismatch: " + why);
    }
}
