package dev.gatehouse.capture;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removes credentials from everything the capture writes, before it is written: values of sensitive header names
 * and JSON keys at any depth become {@code [redacted]}; in every other string, known vault values become
 * {@code [secret:NAME]} (by the {@link ValueRedactor}) and well-known credential shapes become
 * {@code [redacted:KIND]}. JSON is redacted while it is serialised, so no copy of the tree is made.
 */
public final class Redactor {

    public static final String REDACTED = "[redacted]";

    private final ValueRedactor vault;
    private final JsonMapper mapper;

    public Redactor(ValueRedactor vault, JsonMapper mapper) {
        this.vault = vault;
        this.mapper = mapper;
    }

    /** Free text: an error message, a log line, a string value. */
    public String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return CredentialShapes.redact(vault.redact(text));
    }

    public static boolean isSensitiveName(String name) {
        return SensitiveNames.isSensitive(name);
    }

    /**
     * Headers as one JSON object of name to values, in arrival order; sensitive names keep only the name. Repeated
     * names are gathered by scanning the list rather than through a map: a request has a handful of headers, and
     * this runs for every exchange recorded.
     */
    public String headers(List<Map.Entry<String, String>> headers) {
        CappedOutput out = new CappedOutput(Integer.MAX_VALUE);
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.writeStartObject();
            for (int i = 0; i < headers.size(); i++) {
                String name = headers.get(i).getKey();
                if (seenBefore(headers, i)) {
                    continue;
                }
                generator.writeName(name);
                generator.writeStartArray();
                boolean sensitive = isSensitiveName(name);
                for (int j = i; j < headers.size(); j++) {
                    if (headers.get(j).getKey().equals(name)) {
                        generator.writeString(sensitive ? REDACTED : text(headers.get(j).getValue()));
                    }
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
        }
        return out.text();
    }

    private static boolean seenBefore(List<Map.Entry<String, String>> headers, int index) {
        String name = headers.get(index).getKey();
        for (int i = 0; i < index; i++) {
            if (headers.get(i).getKey().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code node} redacted into {@code out}, which may cut and count it. */
    void writeJson(JsonNode node, java.io.OutputStream out) {
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            write(node, generator);
        }
    }

    /** {@code node} redacted, as compact JSON text. */
    public String json(JsonNode node) {
        CappedOutput out = new CappedOutput(Integer.MAX_VALUE);
        writeJson(node, out);
        return out.text();
    }

    private void write(JsonNode node, JsonGenerator generator) {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                generator.writeName(text(field.getKey()));
                if (isSensitiveName(field.getKey())) {
                    generator.writeString(REDACTED);
                } else {
                    write(field.getValue(), generator);
                }
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node.values()) {
                write(element, generator);
            }
            generator.writeEndArray();
        } else if (node.isString()) {
            generator.writeString(text(node.stringValue()));
        } else if (node.isBoolean()) {
            generator.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            generator.writeNull();
        } else if (node.isInt() || node.isLong()) {
            generator.writeNumber(node.longValue());
        } else {
            // Other numbers as they are: writeTree makes a serialisation context per call, so common scalars
            // above are written directly.
            generator.writeTree(node);
        }
    }
}
