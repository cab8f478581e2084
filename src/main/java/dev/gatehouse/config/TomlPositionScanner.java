package dev.gatehouse.config;

import dev.gatehouse.config.TomlPositionIndex.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads TOML text once, recording into a {@link TomlPositionIndex} where every table header, key segment
 * and value starts. It understands exactly as much TOML as locating needs: headers, dotted and quoted keys,
 * strings (so a {@code #} or {@code =} inside one is not mistaken for syntax), inline tables, arrays and
 * comments. It never fails: on anything unexpected it moves to the next line, because judging the syntax
 * is the real parser's job.
 */
final class TomlPositionScanner {

    private record Segment(String name, Position at) {
    }

    private final TomlCursor cursor;
    private final TomlPositionIndex index;
    private final Map<List<String>, Integer> arrayTableCounts = new HashMap<>();

    TomlPositionScanner(String text, TomlPositionIndex index) {
        this.cursor = new TomlCursor(text);
        this.index = index;
    }

    void scan() {
        List<String> table = List.of();
        while (true) {
            cursor.skipBlank(true);
            if (cursor.atEnd()) {
                return;
            }
            if (cursor.at('[')) {
                table = header(table);
            } else if (cursor.atKeyStart()) {
                assignment(table);
            }
            // Whatever is left on the line (a comment, or text the parser would reject) is passed over.
            cursor.skipRestOfLine();
        }
    }

    /** {@code [a.b]} or {@code [[a.b]]}; returns the table that the following assignments belong to. */
    private List<String> header(List<String> current) {
        Position bracket = cursor.here();
        cursor.advance();
        boolean arrayOfTables = cursor.consume('[');
        List<Segment> segments = dottedKey();
        if (segments.isEmpty()) {
            return current;
        }
        List<String> path = intermediates(List.of(), segments);
        Segment last = segments.getLast();
        path.add(last.name());
        index.recordHeader(path, bracket);
        if (!arrayOfTables) {
            index.recordTableHeader(path, last.at());
            return List.copyOf(path);
        }
        index.recordIntermediate(path, last.at());
        int element = arrayTableCounts.merge(List.copyOf(path), 1, Integer::sum) - 1;
        path.add("[" + element + "]");
        index.recordIntermediate(path, last.at());
        return List.copyOf(path);
    }

    /** {@code a.b = value} inside {@code table}: a whole line, or one entry of an inline table. */
    private boolean assignment(List<String> table) {
        List<Segment> segments = dottedKey();
        if (segments.isEmpty()) {
            return false;
        }
        List<String> path = intermediates(table, segments);
        path.add(segments.getLast().name());
        index.recordAssignment(path, segments.getLast().at());
        cursor.skipBlank(false);
        if (!cursor.consume('=')) {
            return false;
        }
        cursor.skipBlank(false);
        value(path);
        return true;
    }

    /** Records every segment but the last as an implicitly opened table; returns the path up to there. */
    private List<String> intermediates(List<String> table, List<Segment> segments) {
        List<String> path = new ArrayList<>(table);
        for (Segment segment : segments.subList(0, segments.size() - 1)) {
            path.add(segment.name());
            index.recordIntermediate(path, segment.at());
        }
        return path;
    }

    private List<Segment> dottedKey() {
        List<Segment> segments = new ArrayList<>();
        do {
            cursor.skipBlank(false);
            if (!cursor.atKeyStart()) {
                return segments;
            }
            Position at = cursor.here();
            segments.add(new Segment(cursor.key(), at));
            cursor.skipBlank(false);
        } while (cursor.consume('.'));
        return segments;
    }

    private void value(List<String> path) {
        if (cursor.atEnd()) {
            return;
        }
        index.recordValue(path, cursor.here());
        if (cursor.at('{')) {
            inlineTable(path);
        } else if (cursor.at('[')) {
            array(path);
        } else {
            cursor.scalar();
        }
    }

    private void inlineTable(List<String> path) {
        cursor.advance();
        do {
            cursor.skipBlank(true);
            if (cursor.consume('}')) {
                return;
            }
        } while (assignment(path) && separatorBefore('}'));
    }

    private void array(List<String> path) {
        cursor.advance();
        int element = 0;
        do {
            cursor.skipBlank(true);
            if (cursor.atEnd() || cursor.consume(']')) {
                return;
            }
            List<String> elementPath = new ArrayList<>(path);
            elementPath.add("[" + element++ + "]");
            value(elementPath);
        } while (separatorBefore(']'));
    }

    /** After an entry: true when a comma announces another; false at {@code close} (consumed) or garbage. */
    private boolean separatorBefore(char close) {
        cursor.skipBlank(true);
        if (cursor.consume(',')) {
            return true;
        }
        cursor.consume(close);
        return false;
    }
}
