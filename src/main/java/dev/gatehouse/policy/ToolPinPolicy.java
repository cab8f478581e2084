package dev.gatehouse.policy;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ToolApproval;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rug-pull protection. Every listed tool is compared with its pinned definition: an approved tool passes; a tool
 * seen for the first time is pinned at once when its server's mode is {@code auto}, else it waits; a tool whose
 * definition changed since it was approved always waits. A waiting tool is left out of {@code tools/list} and
 * refused on call until the user approves it ({@link ToolReview}). The gateway's own server is exempt.
 */
public final class ToolPinPolicy implements Policy {

    /** Where a tool stands against its pin. */
    public enum Verdict { APPROVED, NEW, CHANGED }

    private final ToolCatalog catalog;
    private final ToolPins pins;
    private final Function<String, ToolApproval> approval;

    /** {@code approval} gives each server's mode for tools seen for the first time. */
    public ToolPinPolicy(ToolCatalog catalog, ToolPins pins, Function<String, ToolApproval> approval) {
        this.catalog = catalog;
        this.pins = pins;
        this.approval = approval;
    }

    @Override
    public String name() {
        return "tool-pins";
    }

    @Override
    public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
        if (call.method().equals(McpMethods.TOOLS_LIST)) {
            return next.proceed(call).thenApply(response -> ToolLists.filter(response, call,
                    (target, listed) -> judge(target, listed) == Verdict.APPROVED));
        }
        if (!call.method().equals(McpMethods.TOOLS_CALL) || call.tool() == null || exempt(call.tool().server())) {
            return next.proceed(call);
        }
        ToolTarget tool = call.tool();
        return catalog.lookup(tool.server(), tool.name()).thenCompose(found -> {
            // A tool its server does not list has no definition a model could have read: the server answers
            // for an unknown tool itself.
            Verdict verdict = found.map(this::judge).orElse(Verdict.APPROVED);
            if (verdict == Verdict.APPROVED) {
                return next.proceed(call);
            }
            String why = verdict == Verdict.CHANGED
                    ? "its definition changed since it was approved"
                    : "it has not been approved yet";
            return CompletableFuture.completedFuture(ToolLists.refusal(call, "Tool '" + tool.shown()
                    + "' is unavailable: " + why + " (review with: gatehouse tools diff " + tool.server()
                    + ", then gatehouse tools approve " + tool.server() + " " + tool.name() + ")"));
        });
    }

    private Verdict judge(ToolTarget target, ObjectNode listed) {
        if (exempt(target.server())) {
            return Verdict.APPROVED;
        }
        return judge(catalog.record(target.server(), target.name(), listed));
    }

    /** Compares with the pin, pinning a first-seen tool when the server's mode is auto. */
    Verdict judge(ToolDefinition definition) {
        return pins.pin(definition.server(), definition.name())
                .map(pin -> pin.sha256().equals(definition.sha256()) ? Verdict.APPROVED : Verdict.CHANGED)
                .orElseGet(() -> {
                    if (approval.apply(definition.server()) == ToolApproval.AUTO) {
                        pins.approve(definition);
                        return Verdict.APPROVED;
                    }
                    return Verdict.NEW;
                });
    }

    private static boolean exempt(String server) {
        return server.equals(GatewayConfig.BUILTIN_SERVER);
    }
}
