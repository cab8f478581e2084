package dev.gatehouse.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Progress tokens are chosen by clients, so two sessions may pick the same one for the same server. Each request
 * is sent upstream with a gateway-unique token; progress coming back is mapped to the token of the client request
 * now carrying the call.
 *
 * <p>A legacy task-augmented request's token stays valid for the task's whole life (the 2025-11-25 tasks
 * specification): the server may report progress under it after the answer that created the task. Such a token is
 * kept, tied to its task, until the task reaches a terminal status; past {@link TaskOwners#MAX_TASKS} kept tokens the
 * oldest is forgotten.
 */
final class ProgressTokens {

    private final Map<String, ActiveCall> byGatewayToken = new ConcurrentHashMap<>();
    private final Map<String, TaskOwners.Key> taskOfToken = new ConcurrentHashMap<>();
    private final Map<TaskOwners.Key, String> tokenOfTask = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskOwners.Key, String> eldest) {
            if (size() <= TaskOwners.MAX_TASKS) {
                return false;
            }
            forgetToken(eldest.getValue());
            return true;
        }
    };
    private final AtomicLong sequence = new AtomicLong();

    /**
     * The token to send upstream for {@code call}; progress under it goes to the call's current client token
     * ({@link ActiveCall#progressToken()}), which a modern client's retry may change.
     */
    JsonNode bind(ActiveCall call, JsonNode clientToken) {
        String token = "gh-p" + sequence.incrementAndGet();
        call.awaitProgressAs(clientToken);
        byGatewayToken.put(token, call);
        return JsonNodeFactory.instance.stringNode(token);
    }

    ActiveCall find(JsonNode gatewayToken) {
        return gatewayToken != null && gatewayToken.isString() ? byGatewayToken.get(gatewayToken.stringValue()) : null;
    }

    /** The task whose creating request sent {@code gatewayToken}, once that request has been answered. */
    Optional<TaskOwners.Key> task(JsonNode gatewayToken) {
        return gatewayToken != null && gatewayToken.isString()
                ? Optional.ofNullable(taskOfToken.get(gatewayToken.stringValue())) : Optional.empty();
    }

    void release(JsonNode gatewayToken) {
        if (gatewayToken != null) {
            byGatewayToken.remove(gatewayToken.stringValue());
        }
    }

    /**
     * Keeps the token of the request that created a task past its answer: progress under it now goes to the call's
     * session (its GET stream, the request's own stream having closed).
     */
    synchronized void keepForTask(JsonNode gatewayToken, String server, String taskId) {
        if (gatewayToken == null) {
            return;
        }
        TaskOwners.Key key = new TaskOwners.Key(server, taskId);
        taskOfToken.put(gatewayToken.stringValue(), key);
        tokenOfTask.put(key, gatewayToken.stringValue());
    }

    /** The task reached a terminal status: no progress may follow, so its token is released. */
    synchronized void taskEnded(String server, String taskId) {
        String token = tokenOfTask.remove(new TaskOwners.Key(server, taskId));
        if (token != null) {
            forgetToken(token);
        }
    }

    /** Releases the tokens kept for a server's tasks, when a reload removed it. */
    synchronized void forget(String server) {
        tokenOfTask.entrySet().removeIf(entry -> {
            if (!entry.getKey().server().equals(server)) {
                return false;
            }
            forgetToken(entry.getValue());
            return true;
        });
    }

    private void forgetToken(String token) {
        taskOfToken.remove(token);
        byGatewayToken.remove(token);
    }
}
