package dev.gatehouse.config;

/**
 * One thing wrong with a config file, located the way editors and compilers do: 1-based line and column of
 * the offending key or value. Line and column are 0 only when the problem concerns the whole file (it cannot
 * be read at all); {@link #toString()} then leaves them out.
 */
public record ConfigProblem(String file, int line, int column, String message) {

    public ConfigProblem {
        if (file == null || message == null) {
            throw new IllegalArgumentException("file and message must not be null");
        }
    }

    static ConfigProblem wholeFile(String file, String message) {
        return new ConfigProblem(file, 0, 0, message);
    }

    /** {@code config.toml:LINE:COL: message}, the shape editors turn into a clickable location. */
    @Override
    public String toString() {
        if (line == 0) {
            return file + ": " + message;
        }
        return file + ":" + line + ":" + column + ": " + message;
    }
}
