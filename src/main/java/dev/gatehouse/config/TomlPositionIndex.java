package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each key and value of a TOML text starts, by key path ({@code ["servers", "github", "args", "[1]"]};
 * array elements are {@code "[i]"} segments, array-of-tables elements too).
 *
 * <p>Why this exists: jackson-dataformat-toml (the parser DESIGN.md chose) parses into a tree first and then
 * hands out tokens without locations, so only its syntax errors carry a line and column. Strict config needs
 * a location for every semantic problem as well, so {@link TomlPositionScanner} reads the same text a second
 * time and records positions only. The scanner never decides validity: Jackson does that, and this index
 * is consulted only for text Jackson accepted, or to locate a duplicate Jackson reported imprecisely.
 */
final class TomlPositionIndex {

    /** 1-based line and column, counted in code points. */
    record Position(int line, int column) {
    }

    /** A key or table defined a second time: where that happens and where the first definition stands. */
    record Redefinition(List<String> path, Position at, Position first) {
    }

    /** A {@code [table]} or {@code [[array]]} header: its path and where its opening bracket stands. */
    record Header(List<String> path, Position at) {
    }

    private final Map<List<String>, Position> keys = new HashMap<>();
    private final List<Header> headers = new ArrayList<>();
    private final Map<List<String>, Position> values = new HashMap<>();
    private final Set<List<String>> defined = new HashSet<>();
    private Redefinition firstRedefinition;

    private TomlPositionIndex() {
    }

    static TomlPositionIndex of(String text) {
        TomlPositionIndex index = new TomlPositionIndex();
        new TomlPositionScanner(text, index).scan();
        return index;
    }

    /** Where the key (or table header name) for {@code path} first appears. */
    Optional<Position> key(List<String> path) {
        return Optional.ofNullable(keys.get(path));
    }

    /** Where the value assigned to {@code path} starts. */
    Optional<Position> value(List<String> path) {
        return Optional.ofNullable(values.get(path));
    }

    /** Every table header, in text order; the editor uses them to find where a table's text ends. */
    List<Header> headers() {
        return List.copyOf(headers);
    }

    void recordHeader(List<String> path, Position at) {
        headers.add(new Header(List.copyOf(path), at));
    }

    /** The first key or table, in text order, that was defined twice. */
    Optional<Redefinition> firstRedefinition() {
        return Optional.ofNullable(firstRedefinition);
    }

    /** A key segment that opens (or re-enters) a table implicitly, as {@code a} does in {@code a.b = 1}. */
    void recordIntermediate(List<String> path, Position at) {
        keys.putIfAbsent(List.copyOf(path), at);
    }

    /** The last segment of {@code key = value}; any earlier mention of the same path makes it a duplicate. */
    void recordAssignment(List<String> path, Position at) {
        List<String> key = List.copyOf(path);
        Position earlier = keys.putIfAbsent(key, at);
        if (earlier != null) {
            noteRedefinition(key, at, earlier);
        }
        defined.add(key);
    }

    /** A {@code [table]} header; a second header, or an assignment, for the same path is a duplicate. */
    void recordTableHeader(List<String> path, Position at) {
        List<String> key = List.copyOf(path);
        Position earlier = keys.putIfAbsent(key, at);
        if (!defined.add(key)) {
            noteRedefinition(key, at, earlier);
        }
    }

    /** A path as a user would write it: {@code servers.github.args[1]}. */
    static String dotted(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String segment : path) {
            if (!text.isEmpty() && !segment.startsWith("[")) {
                text.append('.');
            }
            text.append(segment);
        }
        return text.toString();
    }

    void recordValue(List<String> path, Position at) {
        values.putIfAbsent(List.copyOf(path), at);
    }

    private void noteRedefinition(List<String> path, Position at, Position first) {
        if (firstRedefinition == null) {
            firstRedefinition = new Redefinition(path, at, first);
        }
    }
}
