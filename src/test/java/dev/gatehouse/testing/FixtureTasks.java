package dev.gatehouse.testing;

import static dev.gatehouse.testing.FixtureContent.object;
import static dev.gatehouse.testing.FixtureContent.text;
import static dev.gatehouse.testing.FixtureContent.toolResult;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy fixture's experimental tasks (2025-11-25, SEP-1686): the {@code tasks} capability, one tool
 * ({@code legacy_task_job}, {@code execution.taskSupport: optional}) that runs as a task when the call carries
 * {@code params.task}, and {@code tasks/get|result|list|cancel}. Its job waits {@code millis}, and with
 * {@code ask: true} first elicits a confirmation tied to the task by the related-task {@code _meta}; with
 * {@code progressEvery} it reports progress that often under the call's progress token, for the task's whole life as
 * the specification allows. Every status change is announced with {@code notifications/tasks/status}.
 */
final class FixtureTasks implements AutoCloseable {

    static final String TOOL = "legacy_task_job";
    private static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    private static final Duration RESULT_WAIT = Duration.ofSeconds(60);
    /** The retention of a task whose call asked for none; one that asks gets what it asked for. */
    private static final long DEFAULT_TTL_MILLIS = 300_000;

    private final Map<String, LegacyTask> tasks = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    static ObjectNode capability() {
        ObjectNode tasks = object();
        tasks.putObject("list");
        tasks.putObject("cancel");
        tasks.putObject("requests").putObject("tools").putObject("call");
        return tasks;
    }

    static ObjectNode tool() {
        ObjectNode tool = object().put("name", TOOL).put("description", "A job that may run as a task");
        ObjectNode properties = tool.putObject("inputSchema").put("type", "object").putObject("properties");
        properties.putObject("millis").put("type", "integer");
        properties.putObject("ask").put("type", "boolean");
        properties.putObject("progressEvery").put("type", "integer");
        tool.putObject("execution").put("taskSupport", "optional");
        return tool;
    }

    /** A {@code tools/call} of the job: as a task when the call asks for one, else run at once. */
    ObjectNode call(ObjectNode params, FixtureClient client) {
        if (!params.has("task")) {
            return run(params.path("arguments"), client, null, null);
        }
        LegacyTask task = new LegacyTask("legacy-" + UUID.randomUUID(), Instant.now(),
                params.path("task").path("ttl").asLong(DEFAULT_TTL_MILLIS));
        tasks.put(task.id, task);
        workers.submit(() -> {
            try {
                task.finish(run(params.path("arguments"), client, task, params.path("_meta").get("progressToken")),
                        null, client);
            } catch (FixtureError e) {
                task.finish(null, e, client);
            }
        });
        ObjectNode result = object();
        result.set("task", task.describe());
        return result;
    }

    private static ObjectNode run(JsonNode arguments, FixtureClient client, LegacyTask task, JsonNode progressToken) {
        if (arguments.path("ask").asBoolean(false)) {
            ObjectNode ask = FixtureInputTools.form("Proceed?", "confirm", "boolean");
            if (task != null) {
                task.status("input_required", client);
                ask.putObject("_meta").putObject(RELATED_TASK).put("taskId", task.id);
            }
            JsonNode answer = client.request("elicitation/create", ask);
            if (task != null) {
                task.status("working", client);
            }
            if (!answer.path("content").path("confirm").asBoolean(false)) {
                return toolResult(text("Not confirmed"));
            }
        }
        try {
            work(arguments.path("millis").asLong(0), arguments.path("progressEvery").asLong(0), progressToken, client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FixtureError(FixtureError.INTERNAL_ERROR, "interrupted");
        }
        return toolResult(text("Job done"));
    }

    private static void work(long millis, long progressEvery, JsonNode progressToken, FixtureClient client)
            throws InterruptedException {
        if (progressEvery <= 0 || progressToken == null) {
            Thread.sleep(millis);
            return;
        }
        for (long done = 0, step = 1; done < millis; done += progressEvery, step++) {
            Thread.sleep(Math.min(progressEvery, millis - done));
            ObjectNode progress = object().put("progress", step);
            progress.set("progressToken", progressToken);
            client.notify("notifications/progress", progress);
        }
    }

    ObjectNode answer(String method, ObjectNode params, FixtureClient client) {
        if (method.equals("tasks/list")) {
            ObjectNode result = object();
            var list = result.putArray("tasks");
            tasks.values().forEach(task -> list.add(task.describe()));
            return result;
        }
        LegacyTask task = tasks.get(params.path("taskId").asString(""));
        if (task == null) {
            throw new FixtureError(FixtureError.INVALID_PARAMS, "Invalid params: unknown taskId");
        }
        return switch (method) {
            case "tasks/get" -> task.describe();
            case "tasks/cancel" -> {
                task.cancel(client);
                yield task.describe();
            }
            default -> task.result();
        };
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static final class LegacyTask {

        private final String id;
        private final Instant created;
        private final long ttl;
        private final CompletableFuture<ObjectNode> outcome = new CompletableFuture<>();
        private volatile Instant updated;
        private volatile String status = "working";

        LegacyTask(String id, Instant created, long ttl) {
            this.id = id;
            this.created = created;
            this.ttl = ttl;
            this.updated = created;
        }

        synchronized void status(String next, FixtureClient client) {
            if (outcome.isDone()) {
                return;
            }
            status = next;
            updated = Instant.now();
            client.notify("notifications/tasks/status", describe());
        }

        synchronized void finish(ObjectNode result, FixtureError error, FixtureClient client) {
            if (outcome.isDone()) {
                return;
            }
            status(error == null ? "completed" : "failed", client);
            if (error == null) {
                outcome.complete(result);
            } else {
                outcome.completeExceptionally(error);
            }
        }

        synchronized void cancel(FixtureClient client) {
            if (outcome.isDone()) {
                return;
            }
            status("cancelled", client);
            outcome.completeExceptionally(new FixtureError(FixtureError.INTERNAL_ERROR, "Task cancelled"));
        }

        /** {@code tasks/result}: waits for the end, then the job's own answer tied to the task. */
        ObjectNode result() {
            try {
                ObjectNode result = outcome.get(RESULT_WAIT.toMillis(), TimeUnit.MILLISECONDS).deepCopy();
                result.putObject("_meta").putObject(RELATED_TASK).put("taskId", id);
                return result;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof FixtureError f ? f
                        : new FixtureError(FixtureError.INTERNAL_ERROR, "the task failed");
            } catch (TimeoutException e) {
                throw new FixtureError(FixtureError.INTERNAL_ERROR, "the task did not end within " + RESULT_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FixtureError(FixtureError.INTERNAL_ERROR, "interrupted");
            }
        }

        ObjectNode describe() {
            return object().put("taskId", id).put("status", status).put("createdAt", created.toString())
                    .put("lastUpdatedAt", updated.toString()).put("ttl", ttl).put("pollInterval", 200);
        }
    }
}
