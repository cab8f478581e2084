package dev.gatehouse.upstream;

import dev.gatehouse.ServerHandshake;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway answered in a modern server's place ({@link ReplacedMethods}) and must keep telling it: the log
 * level a legacy client set and the resources clients subscribed to. Held by the upstream rather than by one
 * connection or child, so a restarted child or a renewed connection carries on with the same level and reopens its
 * {@code subscriptions/listen} stream for the same resources.
 */
public final class ReplacedState {

    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private volatile String logLevel;

    /** The level set by {@code logging/setLevel}, or null while none was. */
    public String logLevel() {
        return logLevel;
    }

    public void logLevel(String level) {
        this.logLevel = level;
    }

    /** True when {@code uri} was not subscribed yet, so the listen filter changed. */
    public boolean subscribe(String uri) {
        return resources.add(uri);
    }

    /** True when {@code uri} was subscribed, so the listen filter changed. */
    public boolean unsubscribe(String uri) {
        return resources.remove(uri);
    }

    /** The subscribed resources now. */
    public Set<String> resources() {
        return Set.copyOf(resources);
    }

    /** Whether a listen stream is worth keeping open: some resource is subscribed, or a list can change. */
    public boolean wantsListen(ServerHandshake handshake) {
        return !resources.isEmpty() || ListenFilter.wantsListChanges(handshake);
    }
}
