package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The modern fixture's open {@code subscriptions/listen} streams: each is acknowledged, told about the resources
 * and lists it asked for, and about the tasks it named whenever their status changes, until the client leaves, the
 * fixture stops or a test drops it ({@link #dropAll}).
 */
final class ModernFixtureListeners {

    /** Which list changes a filter member asks for. */
    private static final Map<String, String> FILTER_FOR = Map.of(
            "notifications/tools/list_changed", "toolsListChanged",
            "notifications/prompts/list_changed", "promptsListChanged",
            "notifications/resources/list_changed", "resourcesListChanged");

    /** An open stream: its request's id, its filter and the resources it asked about. */
    private record Listener(Response response, JsonNode id, ObjectNode filter, Set<String> resources,
                            CountDownLatch dropped) {

        boolean live() {
            return dropped.getCount() > 0;
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ModernFixtureTasks tasks;
    private final boolean announceOnListen;
    private volatile CountDownLatch listenGate = new CountDownLatch(0);

    ModernFixtureListeners(ModernFixtureTasks tasks, boolean announceOnListen) {
        this.tasks = tasks;
        this.announceOnListen = announceOnListen;
    }

    /**
     * Acknowledges, sends one update per subscribed resource if the fixture announces on listen, then keeps the
     * stream open, sending {@code notifications/tasks} whenever a task named in {@code taskIds} changes status.
     */
    void listen(JsonNode body, ObjectNode params, Response response) throws IOException {
        try {
            if (!listenGate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("listen streams were held for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        response.setStatus(200);
        response.getHeaders().put("Content-Type", "text/event-stream");
        ObjectNode filter = params.path("notifications") instanceof ObjectNode f ? f : object();
        ObjectNode ack = object().put("jsonrpc", "2.0").put("method", "notifications/subscriptions/acknowledged");
        ack.putObject("params").set("notifications", filter);
        event(response, ack);
        Set<String> resources = ConcurrentHashMap.newKeySet();
        filter.path("resourceSubscriptions").forEach(uri -> resources.add(uri.asString()));
        Listener listener = new Listener(response, body.get("id"), filter, resources, new CountDownLatch(1));
        if (announceOnListen) {
            for (String uri : resources) {
                event(response, tagged(listener, updated(uri)));
            }
        }
        listeners.add(listener);
        Map<String, String> lastStatus = new HashMap<>();
        try {
            while (!stopping.await(100, TimeUnit.MILLISECONDS) && listener.live()) {
                write(response, ": keep-alive\n\n");
                for (ObjectNode notification : tasks.statusChanges(filter.path("taskIds"), lastStatus)) {
                    event(response, notification);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientLeft) {
            return;
        } finally {
            listeners.remove(listener);
        }
        write(response, "");
    }

    /** Holds every new listen request before it is answered, until {@link #releaseListens()}. */
    void holdListens() {
        listenGate = new CountDownLatch(1);
    }

    void releaseListens() {
        listenGate.countDown();
    }

    /** Ends every open listen stream, as a server that lost them would; the clients must listen again. */
    void dropAll() {
        listeners.forEach(listener -> listener.dropped().countDown());
    }

    boolean listeningTo(String uri) {
        return listeners.stream().anyMatch(l -> l.live() && l.resources().contains(uri));
    }

    Set<String> listenedResources() {
        Set<String> all = new TreeSet<>();
        listeners.stream().filter(Listener::live).forEach(l -> all.addAll(l.resources()));
        return all;
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} on every listen stream that asked about it. */
    void update(String uri) {
        send(updated(uri));
    }

    /** Sends a list change or a resource update to every listen stream whose filter asked for it. */
    void send(ObjectNode notification) {
        for (Listener listener : listeners) {
            if (listener.live() && wants(listener, notification)) {
                try {
                    event(listener.response(), tagged(listener, notification));
                } catch (IOException gone) {
                    listeners.remove(listener);
                }
            }
        }
    }

    void close() {
        stopping.countDown();
    }

    private static boolean wants(Listener listener, ObjectNode notification) {
        String method = notification.path("method").asString("");
        String flag = FILTER_FOR.get(method);
        if (flag != null) {
            return listener.filter().path(flag).asBoolean(false);
        }
        return method.equals("notifications/resources/updated")
                && listener.resources().contains(notification.path("params").path("uri").asString(""));
    }

    private static ObjectNode updated(String uri) {
        ObjectNode update = object().put("jsonrpc", "2.0").put("method", "notifications/resources/updated");
        update.putObject("params").put("uri", uri);
        return update;
    }

    /** The notification as this stream sends it, naming the listen request it belongs to. */
    private static ObjectNode tagged(Listener listener, ObjectNode notification) {
        ObjectNode copy = notification.deepCopy();
        ObjectNode params = copy.path("params") instanceof ObjectNode p ? p : copy.putObject("params");
        ObjectNode meta = params.path("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
        meta.set("io.modelcontextprotocol/subscriptionId", listener.id());
        return copy;
    }

    static void event(Response response, JsonNode message) throws IOException {
        write(response, "data: " + FixtureContent.JSON.writeValueAsString(message) + "\n\n");
    }

    /** One writer at a time per stream: a test's update and the keep-alive may meet. */
    private static void write(Response response, String text) throws IOException {
        synchronized (response) {
            Content.Sink.write(response, false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
