package dev.gatehouse.upstream.builtin;

import dev.gatehouse.Upstream;
import dev.gatehouse.config.ServerConfig;
import java.util.List;

/** What the built-in server may read about the others: their config, live connections and the sessions. */
public interface ServerDirectory {

    /** Every connection of the running config, the built-in server first. */
    List<Upstream> running();

    /** Every configured server, enabled or not, in file order. */
    List<ServerConfig> configured();

    /** The open client sessions, ids shortened. */
    List<SessionSummary> sessions();
}
