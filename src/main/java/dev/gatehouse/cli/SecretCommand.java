package dev.gatehouse.cli;

import dev.gatehouse.admin.api.KeyRotation;
import dev.gatehouse.admin.api.ProblemDetails;
import dev.gatehouse.admin.api.SecretDeletion;
import dev.gatehouse.admin.api.SecretSummary;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse secret …}: the vault's secrets, by name. No command ever prints a value. */
@Command(name = "secret", mixinStandardHelpOptions = true,
        description = "Manage the secrets in the vault. Servers reference them as ${secret:NAME} in their env.",
        subcommands = {SecretSetCommand.class, SecretCommand.ListSecrets.class, SecretCommand.Delete.class,
                SecretCommand.RotateKey.class})
public final class SecretCommand {

    /** What may stand in a URL path unescaped; the gateway checks the full naming rule (and the length). */
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private SecretCommand() {
    }

    /** The API path of a secret; a name that could not be one is refused before anything is sent or read. */
    static String path(String name) throws CliFailure {
        if (!PATH_SAFE.matcher(name).matches()) {
            throw CliFailure.usage("a secret name uses only A-Z, a-z, 0-9, '.', '_' and '-'");
        }
        return "/api/secrets/" + name;
    }

    /** The secret as the gateway lists it (stored, or referenced but missing), or empty when it is unknown. */
    static Optional<SecretSummary> find(ApiClient api, String path) throws CliFailure {
        try {
            return Optional.of(api.get(path, SecretSummary.class));
        } catch (CliFailure failure) {
            ProblemDetails problem = failure.problem();
            if (problem != null && problem.type().equals(ProblemDetails.TYPE_PREFIX + "unknown-secret")) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the secrets: names, when set, and the servers that reference each. Never values.")
    static final class ListSecrets extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<SecretSummary> secrets = List.of(api.get("/api/secrets", SecretSummary[].class));
            if (out.json()) {
                out.json(secrets);
            } else if (secrets.isEmpty()) {
                out.line("No secrets yet. Add one with: gatehouse secret set NAME");
            } else {
                out.table(List.of("NAME", "STATUS", "CREATED", "UPDATED", "REFERENCED BY"), secrets.stream()
                        .map(s -> List.of(s.name(), s.stored() ? "stored" : "MISSING", time(s.created()),
                                time(s.updated()), s.referencedBy().isEmpty() ? "-"
                                        : String.join(", ", s.referencedBy()))).toList());
            }
            return 0;
        }

        private static String time(String iso) {
            return iso == null ? "-" : Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a secret. Refused while a server references it, unless --force.")
    static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
        String name;

        @Option(names = "--force", description = "Delete even though servers reference it; they fail on their"
                + " next start until it is set again.")
        boolean force;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            SecretDeletion deletion = api.delete(path(name) + (force ? "?force=true" : ""), SecretDeletion.class);
            if (out.json()) {
                out.json(deletion);
            } else {
                out.line(deletion.message());
            }
            return 0;
        }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Make a new data key, re-encrypt every secret with it in one transaction, and destroy the"
                    + " old key. Also moves the key to the best backend available now.")
    static final class RotateKey extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            KeyRotation rotation = api.post("/api/secrets/rotate-key", null, KeyRotation.class);
            if (out.json()) {
                out.json(rotation);
                return 0;
            }
            out.line("Rotated the vault key: " + rotation.secrets() + " secret(s) re-encrypted under data key "
                    + rotation.newKeyId() + " (was " + rotation.oldKeyId() + "), protected by the '"
                    + rotation.backend() + "' key backend.");
            if (rotation.note() != null) {
                out.line(rotation.note());
            }
            return 0;
        }
    }
}
