package dev.gatehouse.bridge;

import java.util.Optional;
import picocli.CommandLine;

/**
 * The light entry point bin/gatehouse runs for {@code connect}, which is on every stdio client's start path. The
 * usual arguments ({@code --server NAME}, {@code --profile NAME}, {@code --start}, {@code --home DIR}) are read here directly, because
 * picocli alone loads some 170 classes that the JDK's AOT cache cannot hold (they target Java 5); anything else
 * (help, version, a mistake) goes to picocli, which answers it exactly as {@code gatehouse connect} does.
 * Logging is never set up on this path.
 */
public final class ConnectMain {

    private ConnectMain() {
    }

    public static void main(String[] args) {
        // Help and usage errors go to stderr too: stdout belongs to the client's JSON-RPC.
        System.setOut(System.err);
        Optional<ConnectCommand> command = parse(args);
        System.exit(command.isPresent() ? command.get().call()
                : new CommandLine(new ConnectCommand()).execute(args));
    }

    /** The command for well-formed usual arguments; empty for anything picocli should answer. */
    static Optional<ConnectCommand> parse(String[] args) {
        ConnectCommand command = new ConnectCommand();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String inline = equals > 0 && name.length() < arg.length() ? arg.substring(equals + 1) : null;
            switch (name) {
                case "--start" -> {
                    if (inline != null || command.start) {
                        return Optional.empty();
                    }
                    command.start = true;
                }
                case "--server", "--profile", "--home" -> {
                    String value = inline != null ? inline : i + 1 < args.length ? args[++i] : null;
                    if (value == null || value.isEmpty() || value.startsWith("-") || valueOf(command, name) != null) {
                        return Optional.empty();
                    }
                    switch (name) {
                        case "--server" -> command.server = value;
                        case "--profile" -> command.profile = value;
                        default -> command.home = value;
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(command);
    }

    private static String valueOf(ConnectCommand command, String option) {
        return switch (option) {
            case "--server" -> command.server;
            case "--profile" -> command.profile;
            default -> command.home;
        };
    }
}
