package dev.gatehouse.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed values out of one TOML table. A wrong type or range is reported to the collector and the
 * value treated as absent, so reading goes on and every problem in the file is found in one pass.
 */
final class TableReader {

    private final JsonNode table;
    private final List<String> path;
    private final ProblemCollector problems;

    TableReader(JsonNode table, List<String> path, ProblemCollector problems) {
        this.table = table;
        this.path = List.copyOf(path);
        this.problems = problems;
    }

    /**
     * A reader of the table {@code [section.name]} with its keys not in {@code allowed} reported; empty, reported,
     * when {@code value} is not a table.
     */
    static Optional<TableReader> named(String section, String name, JsonNode value, List<String> allowed,
                                       ProblemCollector problems) {
        List<String> path = List.of(section, name);
        if (!value.isObject()) {
            problems.atValue(path, "'" + section + "." + name + "' must be a table, got " + tomlType(value));
            return Optional.empty();
        }
        TableReader table = new TableReader(value, path, problems);
        table.rejectUnknownKeys("in [" + section + "." + name + "]", allowed);
        return Optional.of(table);
    }

    /** Reports each key not in {@code allowed}; {@code where} reads like "in [gateway]". */
    void rejectUnknownKeys(String where, List<String> allowed) {
        for (String key : table.propertyNames()) {
            if (!allowed.contains(key)) {
                problems.atKey(pathOf(key), "unknown key '" + key + "' " + where + "; expected one of: "
                        + String.join(", ", allowed));
            }
        }
    }

    boolean has(String key) {
        return table.has(key);
    }

    /** The value of {@code key} if it is a table. */
    Optional<JsonNode> table(String key) {
        return typed(key, JsonNode::isObject, "a table");
    }

    Optional<String> string(String key) {
        return typed(key, JsonNode::isString, "a string").map(JsonNode::stringValue);
    }

    boolean bool(String key, boolean fallback) {
        return typed(key, JsonNode::isBoolean, "a boolean").map(JsonNode::booleanValue).orElse(fallback);
    }

    /** An integer in {@code min..max}; {@code max == Long.MAX_VALUE} means no upper bound. */
    long integer(String key, long min, long max, long fallback) {
        Optional<BigInteger> value = typed(key, JsonNode::isIntegralNumber, "an integer")
                .map(JsonNode::bigIntegerValue);
        if (value.isEmpty()) {
            return fallback;
        }
        BigInteger number = value.get();
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            String range = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            problems.atValue(pathOf(key), "'" + key + "' must be " + range + ", got " + number);
            return fallback;
        }
        return number.longValueExact();
    }

    /** An array whose every element is a string; wrong elements are each reported where they stand. */
    Optional<List<String>> strings(String key) {
        Optional<JsonNode> array = typed(key, JsonNode::isArray, "an array of strings");
        if (array.isEmpty()) {
            return Optional.empty();
        }
        List<String> result = new ArrayList<>();
        int index = 0;
        for (JsonNode element : array.get().values()) {
            String label = key + "[" + index + "]";
            List<String> elementPath = pathOf(key, "[" + index++ + "]");
            if (element.isString()) {
                result.add(element.stringValue());
            } else {
                problems.atValue(elementPath, mustBe(label, "a string", element));
            }
        }
        return Optional.of(result);
    }

    /** A table whose every value is a string, in declared order. Values are never echoed in messages. */
    Optional<Map<String, String>> stringTable(String key) {
        Optional<JsonNode> nested = table(key);
        if (nested.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : nested.get().properties()) {
            if (entry.getValue().isString()) {
                result.put(entry.getKey(), entry.getValue().stringValue());
            } else {
                problems.atValue(pathOf(key, entry.getKey()),
                        mustBe(key + "." + entry.getKey(), "a string", entry.getValue()));
            }
        }
        return Optional.of(result);
    }

    List<String> pathOf(String... keys) {
        List<String> full = new ArrayList<>(path);
        full.addAll(List.of(keys));
        return full;
    }

    private Optional<JsonNode> typed(String key, Predicate<JsonNode> check, String expected) {
        JsonNode value = table.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!check.test(value)) {
            problems.atValue(pathOf(key), mustBe(key, expected, value));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static String mustBe(String label, String expected, JsonNode actual) {
        return "'" + label + "' must be " + expected + ", got " + tomlType(actual);
    }

    /** The TOML name for a parsed value's type, as the user who wrote it would call it. */
    static String tomlType(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "float";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "table";
            // ConfigLoader parses TOML dates and times to java.time objects, which the tree holds as POJOs.
            case POJO -> "date-time";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
