package dev.gatehouse.config;

import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a remote server's {@code auth} key and its {@code [servers.NAME.oauth]} table. A client secret must be a
 * whole {@code ${secret:NAME}} reference: a literal one would sit in config.toml in plain text, so it is refused
 * (and never echoed) with the command that moves it into the vault.
 */
final class RemoteAuthReader {

    static final List<String> KEYS = List.of("client_id", "client_secret", "client_metadata_url", "scopes");

    // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private RemoteAuthReader() {
    }

    /** The settings, or {@link RemoteAuth#AUTO} where nothing (valid) is configured; problems are reported. */
    static RemoteAuth read(TableReader server, ProblemCollector problems) {
        Optional<String> mode = server.string("auth");
        if (mode.isPresent() && !mode.get().equals("oauth") && !mode.get().equals("auto")) {
            problems.atValue(server.pathOf("auth"), "'auth' must be one of: auto (OAuth once the server answers"
                    + " 401), oauth (sign in before the first request)");
        }
        boolean oauth = mode.map("oauth"::equals).orElse(false);
        Optional<JsonNode> table = server.table("oauth");
        if (table.isEmpty()) {
            return oauth ? new RemoteAuth(true, Optional.empty(), Optional.empty(), Optional.empty(), List.of())
                    : RemoteAuth.AUTO;
        }
        TableReader client = new TableReader(table.get(), server.pathOf("oauth"), problems);
        client.rejectUnknownKeys("in [" + String.join(".", server.pathOf("oauth")) + "]", KEYS);
        Optional<String> clientId = client.string("client_id");
        clientId.ifPresent(id -> {
            SecretReferenceRule.checkElsewhere("oauth.client_id", id, client.pathOf("client_id"), problems);
            if (id.isBlank()) {
                problems.atValue(client.pathOf("client_id"), "'client_id' must not be empty");
            }
        });
        Optional<SecretName> secret = client.string("client_secret").flatMap(text -> secretName(text, client,
                problems));
        if (client.has("client_secret") && !client.has("client_id")) {
            problems.atKey(client.pathOf("client_secret"), "'client_secret' needs a 'client_id' beside it");
        }
        Optional<URI> metadata = client.string("client_metadata_url").flatMap(text -> metadataUrl(text, client,
                problems));
        List<String> scopes = client.strings("scopes").orElse(List.of());
        for (int i = 0; i < scopes.size(); i++) {
            if (!SCOPE.matcher(scopes.get(i)).matches()) {
                problems.atValue(client.pathOf("scopes", "[" + i + "]"), "'scopes[" + i + "]' is not a valid OAuth"
                        + " scope: one word of visible characters, without spaces, quotes or backslashes");
            }
        }
        // A table of its own says the server uses OAuth, so it is signed in to from the start unless auth says auto.
        Optional<String> id = clientId.filter(text -> !text.isBlank() && !SecretRef.mentionsSecret(text));
        return new RemoteAuth(oauth || mode.isEmpty(), id, id.isPresent() ? secret : Optional.empty(), metadata,
                scopes);
    }

    /** The vault name in a whole-value reference; a literal secret is refused without being repeated. */
    private static Optional<SecretName> secretName(String text, TableReader client, ProblemCollector problems) {
        List<String> at = client.pathOf("client_secret");
        List<SecretRef> refs;
        try {
            refs = SecretRef.findIn(text);
        } catch (SecretRef.MalformedReference e) {
            problems.atValue(at, "oauth.client_secret: " + e.getMessage());
            return Optional.empty();
        }
        if (refs.size() != 1 || refs.getFirst().start() != 0 || refs.getFirst().end() != text.length()) {
            problems.atValue(at, "'client_secret' must be a vault reference, never the secret itself: config.toml"
                    + " is not encrypted. Store it with 'gatehouse secret set NAME' and write client_secret ="
                    + " \"${secret:NAME}\"");
            return Optional.empty();
        }
        return Optional.of(refs.getFirst().name());
    }

    /** A Client ID Metadata Document is named by an https URL with a path (draft-ietf-oauth-client-id-metadata). */
    private static Optional<URI> metadataUrl(String text, TableReader client, ProblemCollector problems) {
        List<String> at = client.pathOf("client_metadata_url");
        try {
            URI url = new URI(text.strip());
            boolean https = "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null;
            boolean hasPath = url.getRawPath() != null && url.getRawPath().length() > 1;
            if (https && hasPath && url.getRawUserInfo() == null && url.getRawFragment() == null) {
                return Optional.of(url);
            }
            problems.atValue(at, "'client_metadata_url' must be an https URL with a path, without user info or"
                    + " fragment (the URL of the client's metadata document, which becomes its client_id)");
        } catch (URISyntaxException e) {
            problems.atValue(at, "'client_metadata_url' is not a valid URL (" + e.getReason() + ")");
        }
        return Optional.empty();
    }
}
