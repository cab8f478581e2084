package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ToolRules;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolAccessPolicyTest {

    private final ToolAccessPolicy policy = new ToolAccessPolicy(server -> server.equals("github")
            ? new ToolRules(List.of("get_*", "list_*", "create_issue"), List.of("*_secret*"), null)
            : ToolRules.NONE);
    private final AtomicInteger forwarded = new AtomicInteger();

    private Message.Response call(String tool) {
        return policy.apply(PolicyCalls.toolCall("s", tool, "{}"), c -> {
            forwarded.incrementAndGet();
            return PolicyCalls.ok(c);
        }).join();
    }

    @Test
    void refusesADeniedOrNotAllowedToolWithoutForwardingIt() {
        for (String tool : List.of("github__delete_repo", "github__get_secret_key", "github__list_secrets")) {
            Message.Response refused = call(tool);
            assertThat(refused.error().code()).as(tool).isEqualTo(RpcError.INVALID_PARAMS);
            assertThat(refused.error().message()).contains("does not allow it");
        }
        assertThat(forwarded).hasValue(0);
        assertThat(call("github__get_issue").isError()).isFalse();
        assertThat(call("github__create_issue").isError()).isFalse();
        assertThat(call("notes__delete_everything").isError()).isFalse();
        assertThat(forwarded).hasValue(3);
    }

    @Test
    void leavesDisallowedToolsOutOfEveryList() {
        Message.Response listed = policy.apply(PolicyCalls.request("s", "tools/list"), c ->
                CompletableFuture.completedFuture(Message.Response.success(c.request().id(), PolicyCalls.JSON.readTree(
                        "{\"tools\":[{\"name\":\"github__get_issue\"},{\"name\":\"github__delete_repo\"},"
                                + "{\"name\":\"github__get_secret\"},{\"name\":\"notes__read\"}],\"nextCursor\":\"c\"}"))))
                .join();
        assertThat(listed.result().path("tools").valueStream().map(t -> t.path("name").asString()))
                .containsExactly("github__get_issue", "notes__read");
        assertThat(listed.result().path("nextCursor").asString()).isEqualTo("c");
    }
}
