package dev.gatehouse.upstream.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.config.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test of stdio upstreams needs around each test: a scheduler, a spawner and quick options (short backoff,
 * short stop grace); afterwards every upstream it made is closed and no child process outlives the test. Register
 * it as an instance {@code @RegisterExtension} field.
 */
final class ChildFixture implements BeforeEachCallback, AfterEachCallback {

    private final List<StdioUpstream> upstreams = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private ChildSpawner spawner;
    private StdioOptions options;

    @Override
    public void beforeEach(ExtensionContext context) {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        spawner = ChildSpawner.start();
        options = StdioOptions.defaults(scheduler)
                .withBackoff(new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2,
                        Duration.ofSeconds(60)))
                .withStopGrace(Duration.ofMillis(500));
    }

    StdioOptions options() {
        return options;
    }

    ChildSpawner spawner() {
        return spawner;
    }

    /** An upstream closed after the test. */
    StdioUpstream upstream(ServerConfig config, UpstreamEvents events, StdioOptions withOptions) {
        return track(new StdioUpstream(config, events, spawner, withOptions));
    }

    /** Closes {@code upstream} after the test. */
    StdioUpstream track(StdioUpstream upstream) {
        upstreams.add(upstream);
        return upstream;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        upstreams.forEach(StdioUpstream::close);
        spawner.close();
        scheduler.shutdownNow();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ProcessHandle.current().descendants().toList()).isEmpty());
    }
}
