package dev.gatehouse.net;

import java.net.URI;
import org.eclipse.jetty.http.HttpFields;

/** The final answer after redirects: the URL it came from, its status, its crossing headers and its body. */
public record GuardedResponse(URI uri, int status, HttpFields headers, byte[] body) {
}
