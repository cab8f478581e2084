package dev.gatehouse.admin;

import dev.gatehouse.admin.api.TokenInfo;
import dev.gatehouse.config.PlaneToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code gatehouse token show|rotate}. Uses the very token the MCP plane checks, so a rotation refuses the old
 * value from the next request on. The value leaves only in the answer to {@code show}; nothing here logs it.
 */
public final class TokenResource {

    private final PlaneToken token;
    private final Path file;
    private final boolean required;

    /** {@code token} is null for a gateway without a home, which has no token to show. */
    public TokenResource(PlaneToken token, Path file, boolean required) {
        this.token = token;
        this.file = file;
        this.required = required;
    }

    public TokenInfo show() {
        try {
            return new TokenInfo(present().show(), file.toString(), required, null);
        } catch (IOException e) {
            throw AdminProblem.storage("the token file cannot be read (" + e.getClass().getSimpleName()
                    + "); run: gatehouse token rotate");
        }
    }

    public TokenInfo rotate() {
        try {
            present().rotate();
        } catch (IOException e) {
            throw AdminProblem.storage("the token file cannot be written (" + e.getClass().getSimpleName() + ")");
        }
        return new TokenInfo(null, file.toString(), required, "rotated the MCP plane's token: the old one is refused"
                + " from now on; see the new one with: gatehouse token show");
    }

    private PlaneToken present() {
        if (token == null) {
            throw AdminProblem.conflict("this gateway runs without a home, so it has no token");
        }
        return token;
    }
}
