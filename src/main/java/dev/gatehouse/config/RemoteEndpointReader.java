package dev.gatehouse.config;

import dev.gatehouse.vault.SecretRef;
import dev.gatehouse.vault.UrlReferences;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the remote half of a {@code [servers.NAME]} table: {@code url}, {@code headers}, {@code transport}, and
 * {@code auth} with its {@code oauth} table ({@link RemoteAuthReader}). Like
 * the rest of the loader it never echoes a string value, since a URL's query or a header may hold a credential.
 * Both may reference vault secrets ({@link SecretReferenceRule}); the references are kept, never resolved here.
 */
final class RemoteEndpointReader {

    private RemoteEndpointReader() {
    }

    /** The endpoint, or empty when anything about it was reported (or {@code url} is absent). */
    static Optional<ServerConfig.Remote> read(TableReader table, ProblemCollector problems) {
        int before = problems.count();
        Optional<URI> url = table.string("url").flatMap(text -> url(text, table, problems));
        Map<String, String> headers = table.stringTable("headers").orElse(Map.of());
        checkHeaders(headers, table, problems);
        ServerConfig.RemoteTransport transport = table.string("transport")
                .flatMap(label -> transport(label, table, problems))
                .orElse(ServerConfig.RemoteTransport.AUTO);
        RemoteAuth auth = RemoteAuthReader.read(table, problems);
        if (problems.count() > before || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerConfig.Remote(url.get(), headers, transport, auth));
    }

    /** The URL, its secret references (checked to stand in query values) kept percent-encoded. */
    private static Optional<URI> url(String text, TableReader table, ProblemCollector problems) {
        List<String> at = table.pathOf("url");
        String written = UrlReferences.decoded(text.strip());
        Optional<List<SecretRef>> refs = SecretReferenceRule.urlReferences(written, at, problems);
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        URI url;
        try {
            url = new URI(UrlReferences.encoded(written, refs.get()));
        } catch (URISyntaxException e) {
            problems.atValue(at, "'url' is not a valid URL (" + e.getReason() + ")");
            return Optional.empty();
        }
        Optional<String> problem = RemoteRules.problemWithUrl(url);
        if (problem.isPresent()) {
            problems.atValue(at, "'url' " + problem.get());
            return Optional.empty();
        }
        return Optional.of(url);
    }

    private static void checkHeaders(Map<String, String> headers, TableReader table, ProblemCollector problems) {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            List<String> at = table.pathOf("headers", header.getKey());
            Optional<String> nameProblem = RemoteRules.problemWithHeaderName(header.getKey());
            RemoteRules.problemWithHeaderValue(header.getKey(), header.getValue())
                    .ifPresent(problem -> problems.atValue(at, problem));
            SecretReferenceRule.checkHeaderValue(header.getKey(), header.getValue(), at, problems);
            if (nameProblem.isPresent()) {
                problems.atKey(at, nameProblem.get());
            } else if (!seen.add(header.getKey().toLowerCase(Locale.ROOT))) {
                problems.atKey(at, "header '" + header.getKey() + "' is configured twice (names ignore case)");
            }
        }
    }

    private static Optional<ServerConfig.RemoteTransport> transport(String label, TableReader table,
                                                                ProblemCollector problems) {
        Optional<ServerConfig.RemoteTransport> transport = ServerConfig.RemoteTransport.fromLabel(label);
        if (transport.isEmpty()) {
            problems.atValue(table.pathOf("transport"), "'transport' must be one of: auto, streamable-http, sse");
        }
        return transport;
    }
}
