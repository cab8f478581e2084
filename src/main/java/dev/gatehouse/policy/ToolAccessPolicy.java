package dev.gatehouse.policy;

import dev.gatehouse.config.ToolRules;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code allow_tools} / {@code deny_tools}: a tool the configuration does not allow is left out of every
 * {@code tools/list} answer and refused on call, so a client can neither see nor reach it.
 */
public final class ToolAccessPolicy implements Policy {

    private final Function<String, ToolRules> rules;

    /** {@code rules} gives each server's rules ({@link ToolRules#NONE} for servers without any). */
    public ToolAccessPolicy(Function<String, ToolRules> rules) {
        this.rules = rules;
    }

    @Override
    public String name() {
        return "allow-deny";
    }

    @Override
    public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
        if (call.method().equals(McpMethods.TOOLS_CALL) && call.tool() != null && !permits(call.tool())) {
            return CompletableFuture.completedFuture(ToolLists.refusal(call, "Tool '" + call.tool().shown()
                    + "' is not available: the configuration of server '" + call.tool().server()
                    + "' does not allow it"));
        }
        if (call.method().equals(McpMethods.TOOLS_LIST)) {
            return next.proceed(call).thenApply(response ->
                    ToolLists.filter(response, call, (target, definition) -> permits(target)));
        }
        return next.proceed(call);
    }

    private boolean permits(ToolTarget tool) {
        return rules.apply(tool.server()).permits(tool.name());
    }
}
