package dev.gatehouse.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, bounded pool of query-only connections, so that searches never wait on the writer's transactions (in
 * WAL mode readers see the last commit) nor on each other, up to {@code size} at once.
 */
final class ReadConnections implements AutoCloseable {

    private static final long BORROW_TIMEOUT_SECONDS = 10;

    private final String url;
    private final int size;
    private final ArrayBlockingQueue<Connection> idle;
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ReadConnections(String url, int size) {
        this.url = url;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection; an SQL failure is reported unchecked, as a failed read. */
    <T> T read(Work<T> work) {
        Connection connection = borrow();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the traffic capture failed: "
                    + SqliteErrors.describe(e), e);
        } finally {
            idle.offer(connection);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new IllegalStateException("the traffic capture is closed");
        }
        Connection connection = idle.poll();
        if (connection != null) {
            return connection;
        }
        if (opened.getAndIncrement() < size) {
            return open();
        }
        opened.decrementAndGet();
        try {
            connection = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a capture connection", e);
        }
        if (connection == null) {
            throw new IllegalStateException("all " + size + " capture read connections stayed busy for "
                    + BORROW_TIMEOUT_SECONDS + " s");
        }
        return connection;
    }

    private Connection open() {
        try {
            Connection connection = DriverManager.getConnection(url);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 5000");
                statement.execute("PRAGMA query_only = 1");
                statement.execute("PRAGMA mmap_size = 268435456");
            }
            synchronized (all) {
                all.add(connection);
            }
            return connection;
        } catch (SQLException e) {
            opened.decrementAndGet();
            throw new IllegalStateException("could not open the traffic capture for reading: "
                    + SqliteErrors.describe(e), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Connection connection : all) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // Closing at shutdown: nothing is left to protect, and the store's close logs its own failures.
                }
            }
            all.clear();
        }
    }
}
