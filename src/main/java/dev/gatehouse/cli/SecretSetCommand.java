package dev.gatehouse.cli;

import dev.gatehouse.admin.api.SecretSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code gatehouse secret set NAME}: reads the value from standard input when it is a pipe or a file, else from a
 * prompt that does not echo, and never from an argument (arguments are visible to every local user and stay in
 * shell history). A terminal without a console to prompt on (standard output redirected) is refused rather than
 * read with echo. The gateway restarts the running servers that reference the secret, unless {@code --no-restart}.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Store a secret in the vault. The value is read from standard input, or from a prompt that"
                + " does not echo; never from an argument.",
                "  printf %s \"$TOKEN\" | gatehouse secret set github-token",
                "  gatehouse secret set github-token      (prompts)"})
final class SecretSetCommand extends ApiCommand {

    /** Far above the vault's limit in characters, which the gateway enforces; only a bound on what is read. */
    static final int MAX_VALUE_BYTES = 256 * 1024;

    /** The result for {@code --json}: never the value. */
    record Result(String secret, boolean created, List<String> restarting) {
    }

    private final ValueSource source;

    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name (A-Z a-z 0-9 . _ -).")
    String name;

    @Option(names = "--no-restart", description = "Leave the servers that reference it running with the old value;"
            + " they read the new one when they next start.")
    boolean noRestart;

    /** Anything after NAME: refused without being repeated, since it is most likely the value. */
    @Unmatched
    List<String> misplaced;

    SecretSetCommand() {
        this(new ConsoleValueSource());
    }

    SecretSetCommand(ValueSource source) {
        this.source = source;
    }

    @Override
    int run(ApiClient api, Printer out) throws CliFailure {
        if (misplaced != null && !misplaced.isEmpty()) {
            throw CliFailure.usage("'secret set' takes only NAME: the value is read from standard input or a prompt,"
                    + " never from an argument, which every local user can see and your shell history keeps");
        }
        String path = SecretCommand.path(name);
        Optional<SecretSummary> existing = SecretCommand.find(api, path);
        byte[] value = read(existing.filter(SecretSummary::stored).isPresent());
        ApiClient.Stored stored = api.putSecret(path + (noRestart ? "?restart=false" : ""), value);
        if (out.json()) {
            out.json(new Result(name, stored.created(), stored.restarting()));
            return 0;
        }
        out.line((stored.created() ? "Stored new secret '" : "Replaced secret '") + name + "'.");
        List<String> users = existing.map(SecretSummary::referencedBy).orElse(List.of());
        if (!stored.restarting().isEmpty()) {
            out.line("Restarting " + String.join(", ", stored.restarting()) + " to use it.");
        } else if (!users.isEmpty()) {
            out.line((noRestart ? "Still using the old value until restarted ('gatehouse server restart NAME'): "
                    : "Not running, so they read it when next started: ") + String.join(", ", users) + ".");
        } else {
            out.line("No server references it yet: use \"${secret:" + name + "}\" in a server's env, or in a remote"
                    + " server's headers or url query.");
        }
        return 0;
    }

    private byte[] read(boolean replacing) throws CliFailure {
        if (!source.stdinIsTerminal()) {
            return readStandardInput();
        }
        if (!source.canPromptWithoutEcho()) {
            throw CliFailure.usage("standard input is a terminal, but there is no console to read the value without"
                    + " echo (is standard output redirected?); pipe the value in instead: ... | gatehouse secret set "
                    + name);
        }
        char[] typed = source.promptWithoutEcho((replacing ? "New value for '" : "Value for '") + name
                + "' (hidden): ");
        if (typed == null) {
            throw CliFailure.usage("no value was entered");
        }
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(typed));
            byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(),
                    encoded.arrayOffset() + encoded.limit());
            Arrays.fill(encoded.array(), (byte) 0);
            return bytes;
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private byte[] readStandardInput() throws CliFailure {
        try {
            byte[] bytes = source.stdin().readNBytes(MAX_VALUE_BYTES + 1);
            if (bytes.length > MAX_VALUE_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw CliFailure.usage("the value on standard input is longer than " + MAX_VALUE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw CliFailure.io("cannot read standard input (" + e.getClass().getSimpleName() + ")");
        }
    }
}
