package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}, SEP-2663) as the modern fixture offers it, with the
 * tool set the conformance suite's {@code tasks-*} scenarios call: {@code greet} (sync only), {@code slow_compute},
 * {@code failing_job}, {@code protocol_error_job}, {@code confirm_delete}, {@code multi_input} and
 * {@code test_tool_with_task}. A task is created only for a request whose own client capabilities declare the
 * extension; a task's work runs on its own virtual thread, and {@code tasks/cancel} interrupts it.
 */
final class ModernFixtureTasks implements AutoCloseable {

    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    static final int MISSING_CLIENT_CAPABILITY = -32021;
    private static final long TTL_MS = 300_000;
    private static final long POLL_INTERVAL_MS = 200;

    private final Map<String, FixtureTask> tasks = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong nextKey = new AtomicLong();

    /** Whether this request's own client capabilities declare the tasks extension. */
    static boolean declared(ObjectNode params) {
        return params.path("_meta").path("io.modelcontextprotocol/clientCapabilities").path("extensions")
                .has(EXTENSION);
    }

    /** The tools of this class with their {@code execution.taskSupport}. */
    static List<ObjectNode> tools() {
        return List.of(tool("greet", null, "name"), tool("slow_compute", "optional", "label"),
                tool("failing_job", "required", null), tool("protocol_error_job", "optional", null),
                tool("confirm_delete", "optional", "filename"), tool("multi_input", "optional", null),
                tool("test_tool_with_task", "required", null));
    }

    private static ObjectNode tool(String name, String taskSupport, String stringArgument) {
        ObjectNode tool = object().put("name", name).put("description", "tasks fixture tool " + name);
        ObjectNode schema = tool.putObject("inputSchema").put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        if (stringArgument != null) {
            properties.putObject(stringArgument).put("type", "string");
        }
        if (name.equals("slow_compute")) {
            properties.putObject("seconds").put("type", "number");
        }
        if (taskSupport != null) {
            tool.putObject("execution").put("taskSupport", taskSupport);
        }
        return tool;
    }

    /**
     * Whether a tool cannot be served without a task: declared {@code required}, or one that waits for input, which
     * only a task can receive here.
     */
    private static boolean mustBeTask(String name) {
        return name.equals("confirm_delete") || name.equals("multi_input") || tools().stream().anyMatch(tool ->
                tool.path("name").asString("").equals(name)
                        && tool.path("execution").path("taskSupport").asString("").equals("required"));
    }

    /** Whether {@code name} is one of this class's tools. */
    static boolean offers(String name) {
        return tools().stream().anyMatch(tool -> tool.path("name").asString("").equals(name));
    }

    /**
     * Answers a {@code tools/call} of one of this class's tools: a tool result, or a {@code CreateTaskResult} when
     * the tool supports tasks and the request declared the extension. {@code userName} is the name gathered by
     * {@code test_tool_with_task}'s input round (the caller runs that round).
     */
    ObjectNode call(String name, ObjectNode params, String userName) {
        JsonNode arguments = params.path("arguments");
        boolean declared = declared(params);
        if (!declared && mustBeTask(name)) {
            ObjectNode data = object();
            data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
            throw new FixtureError(MISSING_CLIENT_CAPABILITY,
                    "Missing required client capability: " + name + " runs only as a task", data);
        }
        Work work = switch (name) {
            case "greet" -> null;
            case "slow_compute" -> task -> {
                long seconds = arguments.path("seconds").asLong(1);
                task.sleep(seconds * 1000);
                return toolResult(text("Computed " + arguments.path("label").asString("") + " in " + seconds
                        + " s"));
            };
            case "failing_job" -> task -> {
                task.sleep(1000);
                return toolResult(text("The job failed")).put("isError", true);
            };
            case "protocol_error_job" -> task -> {
                task.sleep(300);
                throw new FixtureError(FixtureError.INTERNAL_ERROR, "Internal error: the job crashed");
            };
            case "confirm_delete" -> task -> {
                String key = "confirm-" + nextKey.incrementAndGet();
                JsonNode answer = task.ask(Map.of(key, FixtureInputTools.form("Delete "
                        + arguments.path("filename").asString("") + "?", "confirm", "boolean"))).get(key);
                boolean confirmed = answer.path("action").asString("").equals("accept")
                        && answer.path("content").path("confirm").asBoolean(false);
                return toolResult(text((confirmed ? "Deleted " : "Kept ") + arguments.path("filename").asString("")));
            };
            case "multi_input" -> task -> {
                Map<String, ObjectNode> asks = new LinkedHashMap<>();
                asks.put("first-" + nextKey.incrementAndGet(), FixtureInputTools.form("First?", "name", "string"));
                asks.put("second-" + nextKey.incrementAndGet(), FixtureInputTools.form("Second?", "name", "string"));
                Map<String, JsonNode> answers = task.ask(asks);
                return toolResult(text("Got " + answers.size() + " answers"));
            };
            case "test_tool_with_task" -> task -> {
                task.sleep(200);
                return toolResult(text("Hello, " + userName + "!"));
            };
            default -> throw new FixtureError(FixtureError.INVALID_PARAMS, "Unknown tool: " + name);
        };
        if (work == null) {
            return toolResult(text("Hello, " + arguments.path("name").asString("") + "!")).put("resultType",
                    "complete");
        }
        if (!declared) {
            return runNow(work);
        }
        FixtureTask task = new FixtureTask("task-" + UUID.randomUUID(), Instant.now());
        tasks.put(task.id, task);
        workers.submit(() -> task.run(work));
        return task.describe(object().put("resultType", "task"), false);
    }

    /** A task-supporting tool called by a client without the extension runs synchronously. */
    private static ObjectNode runNow(Work work) {
        FixtureTask inline = new FixtureTask("inline", Instant.now());
        try {
            return work.run(inline).put("resultType", "complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureError(FixtureError.INTERNAL_ERROR, "interrupted");
        }
    }

    /** {@code tasks/get}, {@code tasks/update} or {@code tasks/cancel}. */
    ObjectNode answer(String method, ObjectNode params) {
        if (!declared(params)) {
            ObjectNode data = object();
            data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
            throw new FixtureError(MISSING_CLIENT_CAPABILITY,
                    "Missing required client capability: " + method + " needs the " + EXTENSION + " extension",
                    data);
        }
        FixtureTask task = tasks.get(params.path("taskId").asString(""));
        if (task == null) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Invalid params: unknown taskId");
        }
        return switch (method) {
            case "tasks/get" -> task.describe(object().put("resultType", "complete"), true);
            case "tasks/update" -> {
                if (!(params.get("inputResponses") instanceof ObjectNode responses)) {
                    throw new FixtureError(FixtureError.INVALID_PARAMS,
                            "Invalid params: inputResponses must be an object");
                }
                task.answer(responses);
                yield object().put("resultType", "complete");
            }
            default -> {
                task.cancel();
                yield object().put("resultType", "complete");
            }
        };
    }

    /** A task as {@code tasks/get} and {@code notifications/tasks} show it, or null if there is no such task. */
    ObjectNode detailed(String taskId) {
        FixtureTask task = tasks.get(taskId);
        return task == null ? null : task.describe(object(), true);
    }

    /**
     * The {@code notifications/tasks} a listen stream owes for {@code taskIds}: one for each task whose status is not
     * the one {@code lastSeen} holds for it, which is brought up to date.
     */
    List<ObjectNode> statusChanges(JsonNode taskIds, Map<String, String> lastSeen) {
        List<ObjectNode> notifications = new java.util.ArrayList<>();
        for (JsonNode taskId : taskIds) {
            ObjectNode task = detailed(taskId.asString());
            if (task != null && !task.path("status").asString().equals(lastSeen.get(taskId.asString()))) {
                lastSeen.put(taskId.asString(), task.path("status").asString());
                ObjectNode notification = object().put("jsonrpc", "2.0").put("method", "notifications/tasks");
                notification.set("params", task);
                notifications.add(notification);
            }
        }
        return notifications;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** A task's work: its result, or a {@link FixtureError} for a protocol-level failure. */
    interface Work {
        ObjectNode run(FixtureTask task) throws InterruptedException;
    }

    /** One task's state; every field is guarded by the task's monitor. */
    static final class FixtureTask {

        private final String id;
        private final Instant created;
        private Instant updated;
        private String status = "working";
        private ObjectNode result;
        private ObjectNode error;
        private final Map<String, ObjectNode> pending = new LinkedHashMap<>();
        private final Map<String, JsonNode> answers = new LinkedHashMap<>();
        private Thread worker;

        FixtureTask(String id, Instant created) {
            this.id = id;
            this.created = created;
            this.updated = created;
        }

        void run(Work work) {
            synchronized (this) {
                if (terminal()) {
                    return;
                }
                worker = Thread.currentThread();
            }
            try {
                ObjectNode done = work.run(this);
                settle("completed", done, null);
            } catch (FixtureError e) {
                settle("failed", null, object().put("code", e.code()).put("message", e.getMessage()));
            } catch (InterruptedException e) {
                settle("cancelled", null, null);
            }
        }

        void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        /** Parks the task in {@code input_required} until every request has an answer; answers by key. */
        Map<String, JsonNode> ask(Map<String, ObjectNode> elicitations) throws InterruptedException {
            synchronized (this) {
                elicitations.forEach((key, params) -> {
                    ObjectNode request = object().put("method", "elicitation/create");
                    request.set("params", params);
                    pending.put(key, request);
                });
                status = "input_required";
                updated = Instant.now();
                while (!pending.isEmpty()) {
                    wait();
                }
                status = "working";
                updated = Instant.now();
                Map<String, JsonNode> answered = new LinkedHashMap<>();
                elicitations.keySet().forEach(key -> answered.put(key, answers.get(key)));
                return answered;
            }
        }

        /** Records the answers to pending requests; answers to unknown or already answered keys are ignored. */
        synchronized void answer(ObjectNode responses) {
            for (Map.Entry<String, JsonNode> response : responses.properties()) {
                if (pending.remove(response.getKey()) != null) {
                    answers.put(response.getKey(), response.getValue());
                }
            }
            notifyAll();
        }

        synchronized void cancel() {
            if (terminal()) {
                return;
            }
            status = "cancelled";
            updated = Instant.now();
            pending.clear();
            if (worker != null) {
                worker.interrupt();
            }
        }

        private synchronized void settle(String outcome, ObjectNode done, ObjectNode failure) {
            if (terminal()) {
                return;
            }
            status = outcome;
            result = done;
            error = failure;
            updated = Instant.now();
        }

        private boolean terminal() {
            return List.of("completed", "failed", "cancelled").contains(status);
        }

        /** The task's fields on {@code into}; {@code detailed} adds the input requests, result or error. */
        synchronized ObjectNode describe(ObjectNode into, boolean detailed) {
            into.put("taskId", id).put("status", status).put("createdAt", created.toString())
                    .put("lastUpdatedAt", updated.toString()).put("ttlMs", TTL_MS)
                    .put("pollIntervalMs", POLL_INTERVAL_MS);
            if (detailed && status.equals("input_required")) {
                ObjectNode requests = into.putObject("inputRequests");
                pending.forEach(requests::set);
            }
            if (detailed && result != null) {
                into.set("result", result.deepCopy());
            }
            if (detailed && error != null) {
                into.set("error", error.deepCopy());
            }
            return into;
        }
    }
}
