package dev.gatehouse.http;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.capture.CaptureSink;
import dev.gatehouse.vault.Redactor;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.GatewaySettings;
import dev.gatehouse.policy.ToolPins;
import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.proxy.Gateway;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A gateway with only its built-in server, for tests that start the MCP plane by hand. */
final class BareGateway implements AutoCloseable {

    final JsonRpcCodec codec = new JsonRpcCodec(JsonLimits.DEFAULT);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Gateway gateway = new Gateway(new GatewayConfig(GatewaySettings.DEFAULTS.withPort(0), List.of()),
            (server, events) -> {
                throw new IllegalStateException("no servers configured");
            }, codec.mapper(), InstantSource.system(), executor, scheduler, new Redactor(), CaptureSink.NONE, null,
            new LimitCounters(),
            ToolPins.inMemory(InstantSource.system()));

    @Override
    public void close() {
        gateway.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}
