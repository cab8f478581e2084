package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes one server (or profile) in config.toml text while keeping everything else byte for byte: the user's comments, blank
 * lines, key order and the other tables. It edits the text surgically, using {@link TomlPositionIndex} to find
 * where a {@code [servers.NAME]} table (with its sub-tables) starts and ends, then loads the result and checks it
 * is exactly the intended config; if not, the edit is refused rather than written.
 *
 * <p>A server's span starts at the comment lines touching its header (they describe it) and ends where the next
 * unrelated header's own touching comments begin. Servers written inline ({@code [servers]} with
 * {@code NAME = {...}}) cannot be edited this way and are refused with a message saying so.
 */
public final class ConfigEditor {

    private final String fileName;
    private final String text;
    private final GatewayConfig current;
    private final TomlPositionIndex positions;
    private final List<String> lines;

    private ConfigEditor(String fileName, String text, GatewayConfig current) {
        this.fileName = fileName;
        this.text = text;
        this.current = current;
        this.positions = TomlPositionIndex.of(text);
        this.lines = splitKeepingEnds(text);
    }

    /** An editor of {@code text}, which must load: edits are refused on a file that has problems. */
    public static ConfigEditor of(String fileName, String text) throws ConfigException {
        return new ConfigEditor(fileName, text, ConfigLoader.parse(fileName, text));
    }

    public GatewayConfig current() {
        return current;
    }

    /** The text being edited, exactly as read. */
    public String text() {
        return text;
    }

    /** The text with {@code server} appended as a new table. */
    public String add(ServerConfig server) throws ConfigEditException, ConfigException {
        if (current.server(server.name()).isPresent()) {
            throw new ConfigEditException("a server named '" + server.name() + "' already exists");
        }
        List<ServerConfig> expected = new ArrayList<>(current.servers());
        expected.add(server);
        return checked(appended(ServerTableWriter.render(server)), expected);
    }

    /** The text without the server's table (and the comments touching its header). */
    public String remove(String name) throws ConfigEditException, ConfigException {
        Span span = span(name);
        List<ServerConfig> expected = new ArrayList<>(current.servers());
        expected.removeIf(s -> s.name().equals(name));
        return checked(splice(span.commentsStart, span.end, ""), expected);
    }

    /** The text with {@code profile} appended as a new {@code [profiles.NAME]} table. */
    public String addProfile(ProfileConfig profile) throws ConfigEditException, ConfigException {
        if (current.profile(profile.name()).isPresent()) {
            throw new ConfigEditException("a profile named '" + profile.name() + "' already exists");
        }
        List<ProfileConfig> expected = new ArrayList<>(current.profiles());
        expected.add(profile);
        return checked(appended(ServerTableWriter.render(profile)), current.servers(), expected);
    }

    /** The text without the profile's table (and the comments touching its header). */
    public String removeProfile(String name) throws ConfigEditException, ConfigException {
        if (current.profile(name).isEmpty()) {
            throw new ConfigEditException("no profile named '" + name + "' in " + fileName);
        }
        Span span = span(List.of("profiles", name), "profile");
        List<ProfileConfig> expected = new ArrayList<>(current.profiles());
        expected.removeIf(p -> p.name().equals(name));
        return checked(splice(span.commentsStart, span.end, ""), current.servers(), expected);
    }

    private String appended(String table) {
        String separator = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
        return text + separator + table;
    }

    /** The text with the server's table replaced by {@code server}'s; the comments above it stay. */
    public String replace(ServerConfig server) throws ConfigEditException, ConfigException {
        Span span = span(server.name());
        return checked(splice(span.header, span.bodyEnd, ServerTableWriter.render(server)), replaced(server));
    }

    /** The text with {@code enabled} set: its value rewritten in place, or a line added under the header. */
    public String setEnabled(String name, boolean enabled) throws ConfigEditException, ConfigException {
        Span span = span(name);
        ServerConfig server = current.server(name).orElseThrow();
        Optional<TomlPositionIndex.Position> value = positions.value(List.of("servers", name, "enabled"));
        String edited;
        if (value.isPresent() && value.get().line() - 1 >= span.header && value.get().line() - 1 < span.bodyEnd) {
            String line = lines.get(value.get().line() - 1);
            int at = line.offsetByCodePoints(0, value.get().column() - 1);
            String rest = line.substring(at);
            int length = rest.startsWith("true") ? 4 : rest.startsWith("false") ? 5 : -1;
            if (length < 0) {
                throw new ConfigEditException("cannot find the value of 'enabled' for '" + name + "'");
            }
            String changed = line.substring(0, at) + enabled + line.substring(at + length);
            edited = splice(value.get().line() - 1, value.get().line(), changed);
        } else {
            String header = lines.get(span.header);
            String ending = header.endsWith("\n") ? "" : "\n";
            edited = splice(span.header, span.header + 1, header + ending + "enabled = " + enabled + "\n");
        }
        return checked(edited, replaced(server.withEnabled(enabled)));
    }

    private List<ServerConfig> replaced(ServerConfig server) {
        return current.servers().stream().map(s -> s.name().equals(server.name()) ? server : s).toList();
    }

    /** Line indexes (0-based): attached comments, header, end of body (before trailing blanks), end of span. */
    private record Span(int commentsStart, int header, int bodyEnd, int end) {
    }

    private Span span(String name) throws ConfigEditException {
        if (current.server(name).isEmpty()) {
            throw new ConfigEditException("no server named '" + name + "' in " + fileName);
        }
        return span(List.of("servers", name), "server");
    }

    /** The span of the {@code [KIND.NAME]} table {@code table} ({@code what} names its kind in messages). */
    private Span span(List<String> table, String what) throws ConfigEditException {
        String name = table.get(1);
        List<TomlPositionIndex.Header> headers = positions.headers();
        int index = -1;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).path().equals(table)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new ConfigEditException(what + " '" + name + "' is not written as its own [" + table.get(0) + "."
                    + name + "] table in " + fileName + "; edit that file by hand");
        }
        int header = headers.get(index).at().line() - 1;
        int end = lines.size();
        for (TomlPositionIndex.Header next : headers.subList(index + 1, headers.size())) {
            boolean inside = next.path().size() > 2 && next.path().subList(0, 2).equals(table);
            if (!inside) {
                end = attachedCommentsStart(next.at().line() - 1);
                break;
            }
        }
        int bodyEnd = end;
        while (bodyEnd > header + 1 && lines.get(bodyEnd - 1).isBlank()) {
            bodyEnd--;
        }
        return new Span(attachedCommentsStart(header), header, bodyEnd, end);
    }

    /** The first line of the comment block directly above {@code line} (no blank line between). */
    private int attachedCommentsStart(int line) {
        int start = line;
        while (start > 0 && lines.get(start - 1).strip().startsWith("#")) {
            start--;
        }
        return start;
    }

    private String splice(int from, int to, String replacement) {
        StringBuilder out = new StringBuilder();
        lines.subList(0, from).forEach(out::append);
        out.append(replacement);
        lines.subList(to, lines.size()).forEach(out::append);
        return out.toString();
    }

    private String checked(String edited, List<ServerConfig> expectedServers)
            throws ConfigEditException, ConfigException {
        return checked(edited, expectedServers, current.profiles());
    }

    private String checked(String edited, List<ServerConfig> expectedServers, List<ProfileConfig> expectedProfiles)
            throws ConfigEditException, ConfigException {
        GatewayConfig result = ConfigLoader.parse(fileName, edited);
        if (!result.servers().equals(expectedServers) || !result.profiles().equals(expectedProfiles)
                || !result.gateway().equals(current.gateway())) {
            throw new ConfigEditException("editing " + fileName + " would change more than intended; edit it by"
                    + " hand");
        }
        return edited;
    }

    private static List<String> splitKeepingEnds(String text) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                result.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            result.add(text.substring(start));
        }
        return result;
    }
}
