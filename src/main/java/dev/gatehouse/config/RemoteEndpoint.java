package dev.gatehouse.config;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a remote server is reached: the {@code url}, {@code headers} and {@code transport} keys of a
 * {@code [servers.NAME]} table. Header values may be credentials, so {@link #toString()} shows their names only.
 */
public record RemoteEndpoint(URI url, Map<String, String> headers, Transport transport) {

    /** Which HTTP transport to speak; {@link #AUTO} tries Streamable HTTP first and falls back as the spec says. */
    public enum Transport {
        AUTO("auto"),
        STREAMABLE_HTTP("streamable-http"),
        SSE("sse");

        private final String label;

        Transport(String label) {
            this.label = label;
        }

        /** The spelling used in config.toml. */
        public String label() {
            return label;
        }

        public static Optional<Transport> fromLabel(String label) {
            for (Transport transport : values()) {
                if (transport.label.equals(label.toLowerCase(Locale.ROOT))) {
                    return Optional.of(transport);
                }
            }
            return Optional.empty();
        }
    }

    public RemoteEndpoint {
        if (url == null || headers == null || transport == null) {
            throw new IllegalArgumentException("a remote endpoint needs a url, headers (maybe empty) and a transport");
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static RemoteEndpoint of(URI url) {
        return new RemoteEndpoint(url, Map.of(), Transport.AUTO);
    }

    @Override
    public String toString() {
        return "RemoteEndpoint[url=" + url + ", headers=" + headers.keySet() + ", transport=" + transport.label()
                + "]";
    }
}
