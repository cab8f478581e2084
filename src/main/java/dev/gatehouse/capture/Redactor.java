package dev.gatehouse.capture;

import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
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

    /** A builder that grew past this for one large header list is not kept for the next. */
    private static final int HEADER_BUILDER_KEPT = 4096;

    private final ValueRedactor vault;
    private final JsonMapper mapper;
    /** Reused for every header list: headers are redacted on the capture's writer thread only. */
    private StringBuilder headerText = new StringBuilder(512);

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
     * this runs for every exchange recorded. Written by hand into a reused builder rather than by a JSON generator
     * (a generator, its contexts and its buffer per list were a fifth of what the capture writer allocated): the
     * text is strings alone, which need only quoting.
     */
    public String headers(List<Map.Entry<String, String>> headers) {
        StringBuilder out = headerText;
        out.setLength(0);
        out.append('{');
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i).getKey();
            if (seenBefore(headers, i)) {
                continue;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            quote(name, out).append(":[");
            boolean sensitive = isSensitiveName(name);
            boolean first = true;
            for (int j = i; j < headers.size(); j++) {
                if (headers.get(j).getKey().equals(name)) {
                    if (!first) {
                        out.append(',');
                    }
                    quote(sensitive ? REDACTED : text(headers.get(j).getValue()), out);
                    first = false;
                }
            }
            out.append(']');
        }
        String text = out.append('}').toString();
        if (out.capacity() > HEADER_BUILDER_KEPT) {
            headerText = new StringBuilder(HEADER_BUILDER_KEPT);
        }
        return text;
    }

    /** {@code text} as a JSON string, escaped by Jackson's own encoder, as its generator would escape it. */
    private static StringBuilder quote(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        return out.append('"');
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

    /**
     * Writes a JSON-RPC request or success answer redacted into {@code out}, as {@link #writeJson} would write its
     * tree ({@code {"jsonrpc":"2.0","id":…,"method":…,"params":…}} or {@code …"result":…}), without building the
     * envelope's tree first. {@code method} is null for an answer; {@code body} (params or result) may be null.
     */
    void writeMessage(JsonNode id, String method, String bodyName, JsonNode body, java.io.OutputStream out) {
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("jsonrpc", "2.0");
            generator.writeName("id");
            write(id, generator);
            if (method != null) {
                generator.writeName("method");
                generator.writeString(text(method));
            }
            if (body != null) {
                generator.writeName(bodyName);
                write(body, generator);
            }
            generator.writeEndObject();
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
