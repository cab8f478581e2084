package dev.gatehouse.config;

import dev.gatehouse.config.TomlPositionIndex.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gathers the problems of one config file, locating each by key path, so that a user fixes every mistake
 * in one edit rather than one per restart.
 */
final class ProblemCollector {

    private static final Position START_OF_FILE = new Position(1, 1);

    private final String file;
    private final TomlPositionIndex positions;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ProblemCollector(String file, TomlPositionIndex positions) {
        this.file = file;
        this.positions = positions;
    }

    /** A problem with the key itself: unknown, badly named, or missing something it needs. */
    void atKey(List<String> path, String message) {
        add(locate(path, positions::key), message);
    }

    /** A problem with the value assigned to {@code path}: its type or its range. */
    void atValue(List<String> path, String message) {
        add(positions.value(path).orElseGet(() -> locate(path, positions::key)), message);
    }

    int count() {
        return problems.size();
    }

    List<ConfigProblem> inFileOrder() {
        return problems.stream()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }

    private void add(Position at, String message) {
        problems.add(new ConfigProblem(file, at.line(), at.column(), message));
    }

    /** The nearest located ancestor stands in when a path has no position of its own. */
    private static Position locate(List<String> path, Function<List<String>, Optional<Position>> lookup) {
        for (int length = path.size(); length > 0; length--) {
            Optional<Position> found = lookup.apply(path.subList(0, length));
            if (found.isPresent()) {
                return found.get();
            }
        }
        return START_OF_FILE;
    }
}
