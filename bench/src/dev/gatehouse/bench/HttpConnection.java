package dev.gatehouse.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one persistent, plain-TCP connection to one loopback server: a request goes out
 * in a single write (head and {@code Content-Length} body), with {@code TCP_NODELAY} so it is not held back,
 * and the response head is parsed by hand. This is all the load generator needs, and it keeps the client's own
 * cost per call in the microseconds, where the JDK's {@code java.net.http.HttpClient} adds milliseconds.
 *
 * <p>The connection is reused for the next request when the previous response body was read to its end and
 * the server did not say {@code Connection: close}; otherwise the next request opens a new one. A request is
 * never retried: a broken connection fails that call. Not thread-safe: one worker owns one connection.
 */
final class HttpConnection implements AutoCloseable {

    private static final int MAX_HEAD_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** The last response's body on {@code socket}; set whenever {@code socket} is. */
    private ResponseBody lastBody;
    private boolean serverWillClose;

    /** One response: status, header fields by lower-case name (the last one wins), and the unread body. */
    record Reply(int status, Map<String, String> headers, ResponseBody body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The start of the body as text, for an error message; the rest is read and dropped. */
        String excerpt(int maxBytes) throws IOException {
            String text = new String(body.readNBytes(maxBytes), StandardCharsets.UTF_8);
            body.discard();
            return text;
        }
    }

    HttpConnection(URI endpoint, Duration timeout) {
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        this.address = new InetSocketAddress(endpoint.getHost(), port);
        this.hostHeader = endpoint.getRawAuthority();
        this.timeout = timeout;
    }

    /**
     * Sends one request and reads the response head. The caller reads the body (or not) before the next
     * request; {@code body} may be null for none.
     */
    Reply send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        if (socket == null || serverWillClose || !lastBody.finished()) {
            reconnect();
        }
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        var request = new ByteArrayOutputStream(headBytes.length + (body == null ? 0 : body.length));
        request.writeBytes(headBytes);
        if (body != null) {
            request.writeBytes(body);
        }
        try {
            request.writeTo(out);
            out.flush();
            Reply reply = readHead(method);
            lastBody = reply.body();
            return reply;
        } catch (IOException e) {
            close(); // whatever state the connection is in, the next request must not inherit it
            throw e;
        }
    }

    private void reconnect() throws IOException {
        close();
        var fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.connect(address, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            fresh.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            in = new BufferedInputStream(fresh.getInputStream(), 1 << 16);
            out = fresh.getOutputStream();
        } catch (IOException e) {
            fresh.close();
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        socket = fresh;
        serverWillClose = false;
    }

    private Reply readHead(String method) throws IOException {
        String statusLine = readLine(in, MAX_HEAD_LINE);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status in '" + statusLine + "'");
        }
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = readLine(in, MAX_HEAD_LINE)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new IOException("malformed or too many header fields at '" + line + "'");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (status / 100 == 1) {
            return readHead(method); // an interim response (100 Continue, 103 Early Hints): the real one follows
        }
        ResponseBody body = body(method, status, headers);
        serverWillClose = "close".equalsIgnoreCase(headers.get("connection")) || parts[0].equals("HTTP/1.0")
                || body.delimitedByClose();
        return new Reply(status, headers, body);
    }

    /** The message-length rules of RFC 9112 §6.3, for the responses a loopback MCP server sends. */
    private ResponseBody body(String method, int status, Map<String, String> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return ResponseBody.fixed(in, 0);
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                throw new IOException("unsupported Transfer-Encoding: " + encoding);
            }
            return ResponseBody.chunked(in);
        }
        String length = headers.get("content-length");
        if (length == null) {
            return ResponseBody.untilClose(in);
        }
        try {
            long n = Long.parseLong(length);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return ResponseBody.fixed(in, n);
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + length);
        }
    }

    /** Reads one line ending in LF (a preceding CR is dropped) as ISO-8859-1, refusing one longer than {@code max}. */
    static String readLine(InputStream in, int max) throws IOException {
        var line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the server closed the connection mid-line after '" + line + "'");
            }
            if (line.length() >= max) {
                throw new IOException("line longer than " + max + " bytes from the server");
            }
            line.append((char) c);
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket we are done with; nothing depends on it succeeding
        }
        socket = null;
    }
}
