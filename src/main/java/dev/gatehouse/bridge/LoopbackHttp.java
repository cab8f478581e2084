package dev.gatehouse.bridge;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * HTTP/1.1 to the gateway on this machine: its loopback MCP plane or its management Unix socket, one fresh
 * connection per exchange ({@code Connection: close}; a loopback connect costs microseconds). It exists because
 * the bridge is on every client's start path: the JDK's client cannot reach a Unix socket and loads its TLS
 * stack up front, Jetty's initialises logging and a thread pool, and each costs hundreds of classes where this
 * costs five. Requests carry a byte body of known length; answers may have a length, be chunked or end with the
 * connection, and are read as a stream so that SSE arrives as it is written.
 */
final class LoopbackHttp {

    /** Bounds the status line and headers of one answer. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private LoopbackHttp() {
    }

    /** One request. Header names and values must already be safe (visible ASCII, no line breaks). */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
    }

    /** Sends {@code request} to {@code address} and returns once the answer's head has arrived. */
    static HttpAnswer exchange(SocketAddress address, String host, Request request) throws IOException {
        return exchange(address, host, request, connection -> { });
    }

    /**
     * As {@link #exchange(SocketAddress, String, Request)}, telling {@code opened} the connection as soon as it
     * exists: closing it aborts the exchange, even while the gateway has not answered yet.
     */
    static HttpAnswer exchange(SocketAddress address, String host, Request request, Consumer<Closeable> opened)
            throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        try {
            opened.accept(channel);
            OutputStream out = Channels.newOutputStream(channel);
            out.write(head(host, request));
            if (request.body() != null) {
                out.write(request.body());
            }
            out.flush();
            return read(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] head(String host, Request request) {
        StringBuilder head = new StringBuilder(256).append(request.method()).append(' ').append(request.path())
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nConnection: close\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            requireSafe(header.getKey());
            requireSafe(header.getValue());
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A value that could end the header line early would let a caller inject headers: refused. */
    private static void requireSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("an HTTP header may hold only visible ASCII");
            }
        }
    }

    private static HttpAnswer read(SocketChannel channel) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
        HeadReader head = new HeadReader(in);
        String statusLine = head.line();
        if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("the gateway's answer is not HTTP/1.x");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("the gateway's answer has no status code");
        }
        HttpAnswer.Headers headers = new HttpAnswer.Headers();
        for (String line = head.line(); line != null && !line.isEmpty(); line = head.line()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return new HttpAnswer(status, headers, body(in, headers), channel);
    }

    private static InputStream body(InputStream in, HttpAnswer.Headers headers) throws IOException {
        String encoding = headers.first("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInput(in);
        }
        String length = headers.first("content-length");
        if (length != null) {
            try {
                return new LimitedInput(in, Long.parseLong(length));
            } catch (NumberFormatException e) {
                throw new IOException("the gateway's answer has an unreadable Content-Length");
            }
        }
        return in;
    }

    /**
     * One CRLF- (or LF-) terminated line of at most {@code max} bytes, without its terminator; null at the end of
     * the stream.
     */
    private static String line(InputStream in, int max) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == max) {
                throw new IOException("the gateway's answer has a line over " + max + " bytes");
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** The lines of an answer's head, refusing a head larger than {@link #MAX_HEAD_BYTES} in all. */
    private static final class HeadReader {
        private final InputStream in;
        private int left = MAX_HEAD_BYTES;

        HeadReader(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            String line = LoopbackHttp.line(in, Math.max(0, left));
            left -= line == null ? 0 : line.length() + 2;
            return line;
        }
    }

    /** A body read through {@link #read(byte[], int, int)}, byte reads included. */
    private abstract static class BodyInput extends InputStream {
        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of a known length: end of stream after exactly that many bytes. */
    private static final class LimitedInput extends BodyInput {
        private final InputStream in;
        private long left;

        LimitedInput(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new IOException("the gateway's answer ended " + left + " bytes early");
            }
            left -= read;
            return read;
        }
    }

    /** RFC 9112 chunked transfer coding: chunk sizes in hex, extensions and trailers ignored. */
    private static final class ChunkedInput extends BodyInput {
        private static final int MAX_CHUNK_LINE = 1024;

        private final InputStream in;
        private long left;
        private boolean ended;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended || left == 0 && !nextChunk()) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new IOException("the gateway's answer ended inside a chunk");
            }
            left -= read;
            if (left == 0 && !"".equals(line(in, MAX_CHUNK_LINE))) {
                throw new IOException("a chunk of the gateway's answer is not followed by CRLF");
            }
            return read;
        }

        private boolean nextChunk() throws IOException {
            String line = line(in, MAX_CHUNK_LINE);
            if (line == null) {
                throw new IOException("the gateway's answer ended before its last chunk");
            }
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            try {
                left = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("the gateway's answer has an unreadable chunk size");
            }
            if (left < 0) {
                throw new IOException("the gateway's answer has a negative chunk size");
            }
            if (left == 0) {
                HeadReader trailers = new HeadReader(in);
                for (String trailer = trailers.line(); trailer != null && !trailer.isEmpty(); trailer = trailers.line()) {
                    // Trailers carry nothing the bridge uses.
                }
                ended = true;
                return false;
            }
            return true;
        }
    }
}
