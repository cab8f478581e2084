package dev.gatehouse.upstream.http;

import dev.gatehouse.CallOptions;
import dev.gatehouse.PendingCall;
import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.gatehouse.net.HostLookup;
import dev.gatehouse.net.ServerClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A started HTTP client and scheduler for remote upstreams under test, and small helpers to call them. Register it
 * as a static {@code @RegisterExtension} field: it starts before the class's tests and stops after them.
 */
final class RemoteFixture implements BeforeAllCallback, AfterAllCallback {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HostLookup lookup;
    private ServerClient http;
    private ScheduledExecutorService scheduler;

    /** Names resolve through the system resolver. */
    RemoteFixture() {
        this(HostLookup.SYSTEM);
    }

    /** Names resolve through {@code lookup}, so a test can play a DNS server that answers private addresses. */
    RemoteFixture(HostLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        http = RemoteOptions.startClient(lookup);
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    }

    RemoteOptions options() {
        return RemoteOptions.defaults(http, scheduler).withListenStream(false);
    }

    StreamableHttpUpstream upstream(URI url, ServerConfig.RemoteTransport transport, Duration timeout,
                                    UpstreamEvents events, RemoteOptions options) {
        ServerConfig config = ServerConfig.remote("remote", new ServerConfig.Remote(url, Map.of(), transport), true,
                timeout);
        return new StreamableHttpUpstream(config, events, options);
    }

    static Message.Request request(String method, String paramsJson) {
        ObjectNode params = paramsJson == null ? null : (ObjectNode) JSON.readTree(paramsJson);
        return new Message.Request(RequestId.of(0), method, params);
    }

    /** Calls and waits up to 30 s for the answer (the upstream's own timeouts come first). */
    static Message.Response call(Upstream upstream, String method, String paramsJson) throws Exception {
        PendingCall call = upstream.call(request(method, paramsJson), CallOptions.DEFAULT);
        return call.response().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        http.close();
        scheduler.shutdownNow();
    }
}
