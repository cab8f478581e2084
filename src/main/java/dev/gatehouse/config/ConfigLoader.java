package dev.gatehouse.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.toml.TomlReadFeature;

/**
 * Loads config.toml strictly: unknown keys, wrong types and out-of-range values are all errors, each
 * reported with the line and column of the key or value at fault, all of them at once.
 *
 * <p>Parsing uses jackson-dataformat-toml, as DESIGN.md decides, and it judges the syntax: its errors keep
 * their own line and column. That parser builds a tree before handing out tokens, so the tree carries no
 * locations (verified: every token reports "No location information"). Rather than bring in a second TOML
 * library, {@link TomlPositionIndex} scans the same text once more to find where each key and value stands.
 * Messages never echo a string value from the file, in case one was a secret pasted by mistake.
 */
public final class ConfigLoader {

    /** A config larger than this is refused unread: it is hand-written and small, or it is not ours. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final TomlMapper TOML = TomlMapper.builder().enable(TomlReadFeature.PARSE_JAVA_TIME).build();

    private ConfigLoader() {
    }

    /** Loads {@code file}; problems name it by its file name ({@code config.toml:3:1: …}). */
    public static GatewayConfig load(Path file) throws ConfigException {
        String name = String.valueOf(file.getFileName());
        return parse(name, read(file, name));
    }

    /** The text of {@code file}, with the same size and encoding checks as {@link #load}. */
    public static String readText(Path file) throws ConfigException {
        return read(file, String.valueOf(file.getFileName()));
    }

    /** Every problem with {@code candidate}, or none when it would load; for {@code gatehouse config check}. */
    public static List<ConfigProblem> validate(Path candidate) {
        try {
            load(candidate);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /** Parses config text; {@code fileName} is only used to label problems. */
    public static GatewayConfig parse(String fileName, String text) throws ConfigException {
        TomlPositionIndex positions = TomlPositionIndex.of(text);
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException(List.of(syntaxProblem(fileName, e, positions)));
        } catch (DateTimeParseException e) {
            // The TOML parser turns dates into java.time values and lets an out-of-range one (hour 97) escape
            // as this exception, not as its own (found by fuzzing).
            throw new ConfigException(List.of(dateProblem(fileName, text, e)));
        }
        ProblemCollector problems = new ProblemCollector(fileName, positions);
        Optional<GatewayConfig> config = GatewayConfigReader.read(root, problems);
        if (config.isEmpty()) {
            throw new ConfigException(problems.inFileOrder());
        }
        return config.get();
    }

    /**
     * The parser's own message and location, except for a key or table defined twice: the parser notices
     * that only after reading past it, so the index's position for the second definition is used instead.
     */
    private static ConfigProblem syntaxProblem(String fileName, JacksonException e, TomlPositionIndex positions) {
        String message = e.getOriginalMessage();
        boolean duplicate = "Duplicate key".equals(message) || "Table redefined".equals(message);
        if (duplicate && positions.firstRedefinition().isPresent()) {
            TomlPositionIndex.Redefinition twice = positions.firstRedefinition().get();
            return new ConfigProblem(fileName, twice.at().line(), twice.at().column(),
                    "'" + TomlPositionIndex.dotted(twice.path()) + "' is defined twice (first at line "
                            + twice.first().line() + ", column " + twice.first().column() + ")");
        }
        TokenStreamLocation location = e.getLocation();
        boolean located = location != null && location.getLineNr() > 0;
        return new ConfigProblem(fileName, located ? location.getLineNr() : 1,
                located ? Math.max(1, location.getColumnNr()) : 1, "invalid TOML: " + message);
    }

    /** Where the offending date-time stands, without repeating it. */
    private static ConfigProblem dateProblem(String fileName, String text, DateTimeParseException e) {
        int at = e.getParsedString() == null ? -1 : text.indexOf(e.getParsedString());
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.max(0, at); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new ConfigProblem(fileName, line, column, "invalid TOML: a date or time is out of range");
    }

    private static String read(Path file, String name) throws ConfigException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(List.of(ConfigProblem.wholeFile(name,
                        "file is " + size + " bytes; config files may be at most " + MAX_FILE_BYTES)));
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(ConfigProblem.wholeFile(name, "file is not valid UTF-8")));
        } catch (IOException e) {
            throw new ConfigException(List.of(ConfigProblem.wholeFile(name,
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")")));
        }
    }
}
