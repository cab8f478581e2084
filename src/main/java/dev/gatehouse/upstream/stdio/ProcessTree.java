package dev.gatehouse.upstream.stdio;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a child and everything it started the way the MCP stdio transport asks: EOF on stdin, then SIGTERM, then
 * SIGKILL, each after a grace period. Descendants are captured before any signal, since a dead parent's children are
 * re-parented and can no longer be found from it.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Closes the child's stdin through {@code closeStdin} (which must not block), waits {@code grace} for the child
     * to exit, then terminates whatever of the tree is left. Returns when every process of the tree is gone or
     * SIGKILL has been sent and waited on.
     */
    static void stop(ProcessHandle child, Runnable closeStdin, Duration grace) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        capture(child, tree);
        closeStdin.run();
        awaitExit(List.of(child), grace);
        capture(child, tree);
        terminate(tree, grace);
    }

    /** SIGTERM to every live process of {@code tree}, then SIGKILL to the survivors after {@code grace}. */
    static void terminate(Collection<ProcessHandle> tree, Duration grace) {
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        if (alive.isEmpty()) {
            return;
        }
        alive.forEach(ProcessHandle::destroy);
        if (awaitExit(alive, grace)) {
            return;
        }
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(alive, grace);
    }

    private static void capture(ProcessHandle child, Set<ProcessHandle> tree) {
        tree.add(child);
        if (child.isAlive()) {
            child.descendants().forEach(tree::add);
        }
    }

    /** Waits until every handle has exited or {@code timeout} has passed; true if all exited. */
    static boolean awaitExit(Collection<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : handles) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining <= 0) {
                    if (handle.isAlive()) {
                        return false;
                    }
                    continue;
                }
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return !handle.isAlive();
            }
        }
        return true;
    }
}
