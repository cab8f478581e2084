package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ConfigProblemView;
import dev.gatehouse.admin.api.ConfigStatus;
import dev.gatehouse.admin.api.ReloadReport;
import dev.gatehouse.admin.api.ValidationReport;
import dev.gatehouse.config.ConfigEditException;
import dev.gatehouse.config.ConfigEditor;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigFile;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.UpstreamRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * config.toml and the running config: reloads (from the file watcher or the API), validation of candidates, and
 * the edits the API makes. The API's flow is: edit the text surgically, write it atomically with a backup, then
 * apply it here at once; the watcher's later event finds nothing changed. A rejected file keeps the running
 * config and its problems are shown by {@link #status}.
 *
 * <p>{@code lock} serialises reloads and edits (read, write, apply), so two never interleave; it is taken before
 * the registry's swap lock, never after.
 */
public final class ConfigService {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigService.class);

    /** An edit of the current text: returns the new text, or refuses. */
    @FunctionalInterface
    public interface Edit {
        String apply(ConfigEditor editor) throws ConfigEditException, ConfigException;
    }

    private final Path file;
    private final Gateway gateway;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ConfigStatus status;

    public ConfigService(Path file, Gateway gateway, InstantSource clock) {
        this.file = file;
        this.gateway = gateway;
        this.clock = clock;
        this.status = new ConfigStatus(file.toString(), true, List.of(), clock.instant().toString());
    }

    public ConfigStatus status() {
        return status;
    }

    /** Loads config.toml and applies it as a diff; on problems the running config stays. */
    public ReloadReport reload() {
        lock.lock();
        try {
            GatewayConfig next;
            try {
                next = ConfigLoader.load(file);
            } catch (ConfigException e) {
                List<ConfigProblemView> problems = views(e.problems());
                problems.forEach(p -> LOG.warn("config change rejected, the running config stays: {}", p.text()));
                status = new ConfigStatus(file.toString(), false, problems, clock.instant().toString());
                gateway.metrics().reload("rejected");
                return new ReloadReport(false, List.of(), List.of(), List.of(), problems);
            }
            return applied(next);
        } finally {
            lock.unlock();
        }
    }

    private ReloadReport applied(GatewayConfig next) {
        UpstreamRegistry.Changes changes = gateway.apply(next);
        if (!changes.isEmpty()) {
            LOG.info("config applied: added {}, removed {}, changed {}", changes.added(), changes.removed(),
                    changes.changed());
        }
        status = new ConfigStatus(file.toString(), true, List.of(), clock.instant().toString());
        gateway.metrics().reload("applied");
        return new ReloadReport(true, changes.added(), changes.removed(), changes.changed(), List.of());
    }

    /** Every problem of {@code candidate} text, or of config.toml on disk when it is null. */
    public ValidationReport validate(String candidate) {
        try {
            if (candidate == null) {
                ConfigLoader.load(file);
            } else {
                ConfigLoader.parse(String.valueOf(file.getFileName()), candidate);
            }
            return new ValidationReport(true, List.of());
        } catch (ConfigException e) {
            return new ValidationReport(false, views(e.problems()));
        }
    }

    /** Edits config.toml, keeps the old text as a backup, and applies the result at once. */
    public ReloadReport edit(Edit edit) {
        lock.lock();
        try {
            String name = String.valueOf(file.getFileName());
            String text;
            ConfigEditor editor;
            try {
                text = ConfigLoader.readText(file);
                editor = ConfigEditor.of(name, text);
            } catch (ConfigException e) {
                throw AdminProblem.invalidConfig(name + " has problems; fix them before changing servers",
                        views(e.problems()));
            }
            String edited;
            try {
                edited = edit.apply(editor);
                ConfigFile.replace(file, text, edited);
            } catch (ConfigEditException e) {
                throw AdminProblem.conflict(e.getMessage());
            } catch (ConfigException e) {
                throw AdminProblem.invalidConfig("the change would make " + name + " invalid", views(e.problems()));
            } catch (IOException e) {
                LOG.error("could not write {}", file, e);
                throw AdminProblem.storage("could not write " + file + " (" + e.getClass().getSimpleName() + ")");
            }
            try {
                return applied(ConfigLoader.parse(name, edited));
            } catch (ConfigException e) {
                throw new IllegalStateException("an edit that was checked no longer loads", e);
            }
        } finally {
            lock.unlock();
        }
    }

    public static List<ConfigProblemView> views(List<ConfigProblem> problems) {
        return problems.stream().map(p -> new ConfigProblemView(p.file(), p.line(), p.column(), p.message(),
                p.toString())).toList();
    }
}
