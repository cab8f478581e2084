package dev.gatehouse.importing;

import dev.gatehouse.config.RemoteRules;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.vault.SecretName;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans one remote server of a client's config: its URL, headers and transport, with every header whose name or
 * value looks secret ({@code Authorization: Bearer …}, {@code X-API-Key}) and every secret-looking query value
 * ({@code ?api_key=…}) moved into the vault and referenced. An authorization scheme stays in the header
 * ({@code Bearer ${secret:web.Authorization}}), so the vault holds the credential alone; a query value is stored
 * decoded, as the gateway encodes it again when it sends it.
 */
final class RemoteImport {

    private static final Pattern SCHEME = Pattern.compile("(?i)(bearer|basic|token)(\\s+)(\\S.*)");
    private static final Pattern NOT_NAME_CHAR = Pattern.compile("[^A-Za-z0-9._-]");

    /** A server that cannot be imported as it is; the reason names no value. */
    static final class Unimportable extends Exception {
        Unimportable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The server to add, the moves to print, and the values they move. */
    record Planned(ServerConfig server, List<ImportPlan.Move> moves, Map<SecretName, String> values) {
    }

    private final ImportedServer server;
    private final List<ImportPlan.Move> moves = new ArrayList<>();
    private final Map<SecretName, String> values = new LinkedHashMap<>();

    private RemoteImport(ImportedServer server) {
        this.server = server;
    }

    static Planned plan(ImportedServer server) throws Unimportable {
        return new RemoteImport(server).plan();
    }

    private Planned plan() throws Unimportable {
        if (server.command() != null) {
            throw new Unimportable("it has both a command and a url");
        }
        ServerConfig.RemoteTransport transport = transport(server.type());
        URI url = url(server.url().strip());
        Map<String, String> headers = headers();
        return new Planned(ServerConfig.remote(server.name(), new ServerConfig.Remote(url, headers, transport), true,
                ServerConfig.DEFAULT_TIMEOUT), moves, values);
    }

    private static ServerConfig.RemoteTransport transport(String type) throws Unimportable {
        if (type == null) {
            return ServerConfig.RemoteTransport.AUTO;
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "http", "streamable-http", "streamablehttp", "streamable_http" ->
                    ServerConfig.RemoteTransport.STREAMABLE_HTTP;
            case "sse" -> ServerConfig.RemoteTransport.SSE;
            default -> throw new Unimportable("its type is not a transport Gatehouse speaks (http, sse)");
        };
    }

    /** The URL with each secret-looking query value replaced by an (encoded) reference. */
    private URI url(String text) throws Unimportable {
        rejectClientVariable(text, "its url");
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new Unimportable("its url is not a valid URL (" + e.getReason() + ")");
        }
        Optional<String> problem = RemoteRules.problemWithUrl(parsed);
        if (problem.isPresent()) {
            throw new Unimportable("its url " + problem.get());
        }
        String query = parsed.getRawQuery();
        if (query == null) {
            return parsed;
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : query.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
            String rawName = equals < 0 ? parameter : parameter.substring(0, equals);
            String name = decode(rawName);
            if (!value.isEmpty() && (SecretDetector.isSecretName(name) || SecretDetector.looksLikeSecret(value))) {
                SecretName secret = move("query." + name, "url query " + name, value);
                parameters.add(rawName + "=$%7Bsecret:" + secret + "%7D");
            } else {
                parameters.add(parameter);
            }
        }
        int queryStart = text.indexOf('?') + 1;
        try {
            return new URI(text.substring(0, queryStart) + String.join("&", parameters)
                    + text.substring(queryStart + query.length()));
        } catch (URISyntaxException e) {
            throw new Unimportable("its url cannot hold references (" + e.getReason() + ")");
        }
    }

    private Map<String, String> headers() throws Unimportable {
        Map<String, String> headers = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : server.headers().entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            Optional<String> problem = RemoteRules.problemWithHeaderName(name)
                    .or(() -> RemoteRules.problemWithHeaderValue(name, value));
            if (problem.isPresent()) {
                throw new Unimportable(problem.get());
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new Unimportable("header '" + name + "' is declared twice (names ignore case)");
            }
            rejectClientVariable(value, "header '" + name + "'");
            headers.put(name, isSecret(name, value) ? reference(name, value) : value);
        }
        return headers;
    }

    private static boolean isSecret(String header, String value) {
        return SecretDetector.isSecretName(header) || header.equalsIgnoreCase("cookie")
                || SecretDetector.looksLikeSecret(value);
    }

    /** The header's value with its credential moved into the vault; an authorization scheme stays in the text. */
    private String reference(String header, String value) throws Unimportable {
        Matcher scheme = SCHEME.matcher(value);
        if (scheme.matches()) {
            SecretName secret = move(header, "headers." + header, scheme.group(3));
            return scheme.group(1) + scheme.group(2) + secret.reference();
        }
        return move(header, "headers." + header, value).reference();
    }

    private SecretName move(String suffix, String from, String value) throws Unimportable {
        String candidate = server.name() + "." + NOT_NAME_CHAR.matcher(suffix).replaceAll("_");
        if (SecretName.problemWith(candidate).isPresent()) {
            throw new Unimportable(from + " would need a secret name longer than " + SecretName.MAX_LENGTH);
        }
        SecretName secret = SecretName.of(candidate);
        if (values.containsKey(secret)) {
            throw new Unimportable(from + " would share the secret name " + secret + " with another value");
        }
        values.put(secret, value);
        moves.add(new ImportPlan.Move(secret, server.name(), from));
        return secret;
    }

    /**
     * A client's own placeholder ({@code ${input:…}}, {@code ${env:…}}, {@code ${VAR}}) cannot be filled in by the
     * gateway, and sent as it is it would be a wrong credential.
     */
    private static void rejectClientVariable(String text, String where) throws Unimportable {
        if (text.contains("${")) {
            throw new Unimportable(where + " uses a client variable (${…}) that Gatehouse cannot fill in; store the"
                    + " value with 'gatehouse secret set NAME', reference it as ${secret:NAME}, and add the server"
                    + " to config.toml");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
