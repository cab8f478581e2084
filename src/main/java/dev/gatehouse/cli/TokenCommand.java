package dev.gatehouse.cli;

import dev.gatehouse.admin.api.TokenInfo;
import picocli.CommandLine.Command;

/** {@code gatehouse token show|rotate}: the MCP plane's bearer token. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Show or rotate the bearer token of the MCP endpoint (required with [gateway] require_token,"
                + " and wherever the connecting user cannot be identified).",
        subcommands = {TokenCommand.Show.class, TokenCommand.Rotate.class})
public final class TokenCommand {

    private TokenCommand() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the token, for a client's 'Authorization: Bearer' header.")
    static final class Show extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            TokenInfo info = api.get("/api/token", TokenInfo.class);
            out.answer(info, info.token());
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Replace the token; clients holding the old one are refused from their next request.")
    static final class Rotate extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            TokenInfo info = api.post("/api/token/rotate", null, TokenInfo.class);
            out.answer(info, info.message());
            return 0;
        }
    }
}
