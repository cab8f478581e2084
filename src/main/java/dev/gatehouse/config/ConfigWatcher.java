package dev.gatehouse.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the home directory for changes to config.toml and calls {@code onChange} once things settle: editors
 * write a file in several steps (truncate, write, rename a temp over it), so each event restarts a short quiet
 * period and only its end triggers the callback. The directory is watched rather than the file because an atomic
 * rename replaces the file's inode. One platform daemon thread waits on the watch service; the callback runs on
 * {@code scheduler}.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watcher;
    private final Path file;
    private final Duration quiet;
    private final ScheduledExecutorService scheduler;
    private final Runnable onChange;
    private final Thread thread;
    private ScheduledFuture<?> pending;

    private ConfigWatcher(WatchService watcher, Path file, Duration quiet, ScheduledExecutorService scheduler,
                          Runnable onChange) {
        this.watcher = watcher;
        this.file = file;
        this.quiet = quiet;
        this.scheduler = scheduler;
        this.onChange = onChange;
        this.thread = Thread.ofPlatform().daemon().name("gatehouse-config-watcher").unstarted(this::watch);
    }

    public static ConfigWatcher start(Path file, Duration quiet, ScheduledExecutorService scheduler,
                                      Runnable onChange) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        WatchService service = FileSystems.getDefault().newWatchService();
        directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        ConfigWatcher watcher = new ConfigWatcher(service, file.getFileName(), quiet, scheduler, onChange);
        watcher.thread.start();
        return watcher;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    relevant |= event.kind() == StandardWatchEventKinds.OVERFLOW || file.equals(event.context());
                }
                if (relevant) {
                    settle();
                }
                if (!key.reset()) {
                    LOG.warn("the home directory can no longer be watched; config.toml changes need a reload");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            LOG.debug("config watcher stopped");
        }
    }

    private synchronized void settle() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::fire, quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fire() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.error("applying a config.toml change failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
