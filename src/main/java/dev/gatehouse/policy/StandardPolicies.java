package dev.gatehouse.policy;

import dev.gatehouse.LimitCounters;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ToolRules;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * The policies of a running gateway and the one method that orders them. Kept together so that the tool
 * catalog and the pins are shared by the chain and by the review API.
 */
public final class StandardPolicies {

    private final RateLimitPolicy rateLimit;
    private final ToolReview review;
    private final PolicyChain chain;

    public StandardPolicies(GatewayConfig config, InstantSource clock, LimitCounters counters, ToolCatalog catalog,
                            ToolPins pins) {
        this(config, () -> config, clock, counters, catalog, pins);
    }

    /**
     * Rates come from {@code config}, bound at start; tool rules and approval modes are read from {@code running}
     * on every call, so a reloaded config.toml applies to the next request.
     */
    public StandardPolicies(GatewayConfig config, Supplier<GatewayConfig> running, InstantSource clock,
                            LimitCounters counters, ToolCatalog catalog, ToolPins pins) {
        this.rateLimit = new RateLimitPolicy(clock, config.limits(), counters);
        this.review = new ToolReview(catalog, pins);
        this.chain = chain(running, catalog, pins);
    }

    /**
     * The order is deliberate. Rate limiting comes first: a flood is refused before it costs anything, and
     * refusals by later policies still count against the caller. Allow/deny next: a denied tool is never looked
     * up, fetched or validated, and reveals nothing. Then pins: a tool changed since approval is not called,
     * whatever its arguments. Argument validation last, because it is the only step that compiles schemas and
     * should spend that only on calls that would otherwise be sent. (Rules and approvals will follow it.) On the
     * way back the order reverses: output is validated first, then lists are filtered by pins and by
     * allow/deny.
     */
    private PolicyChain chain(Supplier<GatewayConfig> running, ToolCatalog catalog, ToolPins pins) {
        return new PolicyChain(List.of(
                rateLimit,
                new ToolAccessPolicy(server -> rules(running.get(), server)),
                new ToolPinPolicy(catalog, pins, server -> {
                    GatewayConfig config = running.get();
                    return rules(config, server).approval(config.security().approveNewTools());
                }),
                new ArgumentValidationPolicy(catalog)));
    }

    private static ToolRules rules(GatewayConfig config, String server) {
        return config.server(server).map(ServerConfig::tools).orElse(ToolRules.NONE);
    }

    public PolicyChain chain() {
        return chain;
    }

    public ToolReview review() {
        return review;
    }

    /** Releases what the policies hold for an ended session. */
    public void sessionEnded(String sessionId) {
        rateLimit.forget(sessionId);
    }
}
