package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.upstream.builtin.ServerDirectory;
import dev.gatehouse.upstream.builtin.SessionSummary;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lets the built-in server be created before the registry that contains it: the directory is looked up when a
 * tool runs, by which time the registry exists.
 */
record DeferredDirectory(Supplier<? extends ServerDirectory> target) implements ServerDirectory {

    @Override
    public List<Upstream> running() {
        return target.get().running();
    }

    @Override
    public List<ServerConfig> configured() {
        return target.get().configured();
    }

    @Override
    public List<SessionSummary> sessions() {
        return target.get().sessions();
    }
}
