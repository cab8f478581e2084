package dev.gatehouse.bridge;

import picocli.CommandLine;

/**
 * The light entry point bin/gatehouse runs for {@code connect}, which is on every stdio client's start path: it
 * parses only the connect command, so none of the other commands' classes load and logging is never set up.
 * {@code gatehouse connect} through {@code dev.gatehouse.Main} does the same work, just later.
 */
public final class ConnectMain {

    private ConnectMain() {
    }

    public static void main(String[] args) {
        // Help and usage errors go to stderr too: stdout belongs to the client's JSON-RPC.
        System.setOut(System.err);
        System.exit(new CommandLine(new ConnectCommand()).execute(args));
    }
}
