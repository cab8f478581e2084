package dev.gatehouse.bench;

import java.io.IOException;

/**
 * One initialized MCP session that a load worker calls a tool on, over and over. A session is used by one
 * worker thread at a time, except where an implementation says it multiplexes.
 */
interface McpSession extends AutoCloseable {

    /**
     * Calls the configured tool once and waits for its answer.
     *
     * @throws IOException when the transport fails, the answer is a JSON-RPC error or a tool result with
     *                     {@code isError: true}, or its id does not match the request
     */
    void callTool() throws IOException, InterruptedException;

    @Override
    void close();

    /** Opens one session per load worker; {@link LoadRun} calls it from the worker's own thread. */
    @FunctionalInterface
    interface Opener {
        McpSession open() throws IOException, InterruptedException;
    }
}
