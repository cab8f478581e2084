package dev.gatehouse.upstream;

import dev.gatehouse.ServerHandshake;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway answered in a modern server's place ({@link ReplacedMethods}) and must keep telling it: the log
 * level a legacy client set, the resources clients subscribed to and the tasks whose notifications clients listen
 * for. Held by the upstream rather than by one connection or child, so a restarted child or a renewed connection
 * carries on with the same level and reopens its {@code subscriptions/listen} stream for the same resources and
 * tasks.
 */
public final class ReplacedState {

    private final Set<String> resources = ConcurrentHashMap.newKeySet();
    private final Set<String> tasks = ConcurrentHashMap.newKeySet();
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

    /** True when watching {@code taskId} started or stopped, so the listen filter changed. */
    public boolean watchTask(String taskId, boolean watching) {
        return watching ? tasks.add(taskId) : tasks.remove(taskId);
    }

    /** The tasks whose notifications some client listens for now. */
    public Set<String> tasks() {
        return Set.copyOf(tasks);
    }

    /** Whether a listen stream is worth keeping open: some resource or task is watched, or a list can change. */
    public boolean wantsListen(ServerHandshake handshake) {
        return !resources.isEmpty() || !tasks.isEmpty() || ListenFilter.wantsListChanges(handshake);
    }
}
