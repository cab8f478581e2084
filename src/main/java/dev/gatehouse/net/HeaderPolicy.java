package dev.gatehouse.net;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Which headers may cross the gateway, in either direction. Hop-by-hop headers (RFC 9110 §7.6.1) describe one
 * connection and are dropped, together with every header the {@code Connection} header names. Towards a server
 * the client's credentials ({@code Authorization}, {@code Cookie}) never pass: each server gets its own
 * (DESIGN invariant 6). Towards a client a server's {@code Set-Cookie} never passes: every loopback port shares
 * one cookie jar in a browser. A name that is not an RFC 9110 token, or a value with a control character, is
 * refused outright rather than cleaned, since a cleaned header is a different header.
 */
public final class HeaderPolicy {

    /** Which way the headers are going. */
    public enum Direction { TO_SERVER, TO_CLIENT }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    /** Set again by the client library for the new message, so never copied. */
    private static final Set<String> FRAMING = Set.of("host", "content-length");
    private static final Set<String> CLIENT_CREDENTIALS = Set.of("authorization", "cookie");
    private static final Set<String> SERVER_STATE = Set.of("set-cookie", "set-cookie2");

    private HeaderPolicy() {
    }

    /** The headers of {@code source} that may cross in {@code direction}, in their original order. */
    public static HttpFields.Mutable filter(HttpFields source, Direction direction) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        dropped.addAll(FRAMING);
        dropped.addAll(direction == Direction.TO_SERVER ? CLIENT_CREDENTIALS : SERVER_STATE);
        for (HttpField field : source) {
            check(field.getName(), field.getValue());
            if (field.getName().equalsIgnoreCase("connection")) {
                for (String named : field.getValue().split(",")) {
                    dropped.add(named.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        HttpFields.Mutable kept = HttpFields.build();
        for (HttpField field : source) {
            if (!dropped.contains(field.getName().toLowerCase(Locale.ROOT))) {
                kept.add(field.getName(), field.getValue());
            }
        }
        return kept;
    }

    /**
     * Makes the headers of a request the gateway itself sends safe to send, in place: every one passes
     * {@link #check}, and hop-by-hop ones (with those the {@code Connection} header names) are dropped. Unlike
     * {@link #filter} it keeps credentials, which here are the gateway's own for that server.
     */
    public static void cleanOwnRequest(HttpFields.Mutable fields) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        for (HttpField field : fields) {
            check(field.getName(), field.getValue());
            if (field.getName().equalsIgnoreCase("connection")) {
                for (String named : field.getValue().split(",")) {
                    dropped.add(named.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        dropped.forEach(fields::remove);
    }

    /** Refuses a name that is not a token or a value holding a control character or a non-Latin-1 character. */
    public static void check(String name, String value) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(HeaderPolicy::isTokenChar)) {
            throw new HeaderRejectedException("header name is not an RFC 9110 token");
        }
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new HeaderRejectedException("value of header '" + name + "' holds a control or"
                        + " non-Latin-1 character at index " + i);
            }
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
