package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.AuthState;
import dev.gatehouse.admin.api.SignInStart;
import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse auth …}: signing in to remote servers that use OAuth. No command ever prints a token. */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = "Sign in to remote servers that require OAuth; tokens stay in the vault.",
        subcommands = {AuthCommand.Login.class, AuthCommand.Status.class, AuthCommand.Logout.class})
public final class AuthCommand {

    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    private AuthCommand() {
    }

    static String path(String server) throws CliFailure {
        if (!PATH_SAFE.matcher(server).matches()) {
            throw CliFailure.usage("a server name uses only A-Z, a-z, 0-9, '.', '_' and '-'");
        }
        return "/api/auth/" + server;
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Start signing in to SERVER: prints the URL, opens a browser when there is one, and waits"
                    + " for the gateway's callback.")
    static final class Login extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The remote server's name.")
        String server;

        @Option(names = "--no-browser", description = "Only print the URL.")
        boolean noBrowser;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long to wait for the sign-in (default ${DEFAULT-VALUE}).")
        int waitSeconds;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            SignInStart start = api.post(path(server) + "/login", null, SignInStart.class);
            URI url = URI.create(start.authorizationUrl());
            out.line("Open this URL to sign in to '" + server + "':");
            out.line("  " + url);
            if (!noBrowser && openBrowser(url)) {
                out.line("(opened in your browser)");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
            long started = System.nanoTime();
            AuthState state = api.get(path(server), AuthState.class);
            while (!done(state) && System.nanoTime() < deadline) {
                System.err.print("\rWaiting for the sign-in to finish… "
                        + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s ");
                sleep();
                state = api.get(path(server), AuthState.class);
            }
            System.err.print("\r");
            if (state.signedIn() && !state.needsSignIn()) {
                out.line("Signed in to '" + server + "' at " + state.issuer() + ".");
                return 0;
            }
            out.line(state.lastError() == null ? "Gave up waiting after " + waitSeconds + " s; the link stays valid"
                    + " for 10 minutes from when it was made." : "Sign-in failed: " + state.lastError());
            return 1;
        }

        /** Signed in with nothing more asked (a step-up asks again), or failed. */
        private static boolean done(AuthState state) {
            return state.signedIn() && !state.needsSignIn() || state.lastError() != null;
        }

        private static boolean openBrowser(URI url) {
            try {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                    Desktop.getDesktop().browse(url);
                    return true;
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return false;
            }
            return false;
        }

        private static void sleep() throws CliFailure {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.usage("interrupted while waiting");
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Per remote server: signed in?, issuer, scopes, expiry. Never a token.")
    static final class Status extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<AuthState> states = List.of(api.get("/api/auth", AuthState[].class));
            if (out.json()) {
                out.json(states);
            } else if (states.isEmpty()) {
                out.line("No remote servers configured.");
            } else {
                out.table(List.of("SERVER", "SIGNED IN", "ISSUER", "SCOPES", "EXPIRES"), states.stream()
                        .map(s -> List.of(s.server(), s.signedIn() ? "yes" : s.needsSignIn() ? "NEEDS SIGN-IN" : "no",
                                s.issuer() == null ? "-" : s.issuer(),
                                s.scopes().isEmpty() ? "-" : String.join(" ", s.scopes()),
                                s.expiresAt() == null ? "-" : s.expiresAt())).toList());
            }
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = "Delete SERVER's tokens, revoking them where its authorization server supports it.")
    static final class Logout extends ApiCommand {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The remote server's name.")
        String server;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ActionResult result = api.post(path(server) + "/logout", null, ActionResult.class);
            if (out.json()) {
                out.json(result);
            } else {
                out.line(result.message());
            }
            return 0;
        }
    }
}
