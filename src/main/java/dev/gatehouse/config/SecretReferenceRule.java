package dev.gatehouse.config;

import dev.gatehouse.vault.SecretRef;
import java.util.List;

/**
 * Where {@code ${secret:NAME}} may stand in a server's table: in {@code env} values only (the child receives the
 * value in its environment, visible to its own user alone). In {@code args} it is refused because every local user
 * can read a process's arguments; elsewhere ({@code command}, {@code cwd}) it has no meaning. When the config
 * gains {@code headers} and {@code url} for HTTP servers, their values join {@code env} here.
 */
final class SecretReferenceRule {

    private SecretReferenceRule() {
    }

    /** Reports a malformed reference in an env value, located at the value. */
    static void checkEnvValue(String variable, String value, List<String> path, ProblemCollector problems) {
        try {
            SecretRef.findIn(value);
        } catch (SecretRef.MalformedReference e) {
            problems.atValue(path, "env." + variable + ": " + e.getMessage());
        }
    }

    static void checkArgument(int index, String argument, List<String> path, ProblemCollector problems) {
        if (SecretRef.mentionsSecret(argument)) {
            problems.atValue(path, "'args[" + index + "]' must not reference a secret: every local user can read"
                    + " a process's arguments. Put the reference in env (env.MY_TOKEN = \"${secret:NAME}\") and have"
                    + " the server read that variable");
        }
    }

    static void checkElsewhere(String key, String value, List<String> path, ProblemCollector problems) {
        if (value != null && SecretRef.mentionsSecret(value)) {
            problems.atValue(path, "'" + key + "' must not reference a secret: secret references are allowed"
                    + " only in env values");
        }
    }
}
