package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PolicyChainTest {

    private static Policy named(String name, List<String> trace) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
                trace.add(name + ">");
                return next.proceed(call).thenApply(response -> {
                    trace.add("<" + name);
                    return response;
                });
            }
        };
    }

    @Test
    void runsPoliciesInOrderAndTheAnswerBackInReverse() {
        List<String> trace = new ArrayList<>();
        PolicyChain chain = new PolicyChain(List.of(named("a", trace), named("b", trace)));
        chain.run(PolicyCalls.request("s", "ping"), call -> {
            trace.add("upstream");
            return PolicyCalls.ok(call);
        }).join();
        assertThat(trace).containsExactly("a>", "b>", "upstream", "<b", "<a");
    }

    @Test
    void aPolicyThatProceedsTwiceIsNamedAndTheUpstreamSeesOneCall() {
        List<String> upstream = new ArrayList<>();
        Policy twice = new Policy() {
            @Override
            public String name() {
                return "greedy";
            }

            @Override
            public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
                next.proceed(call);
                return next.proceed(call);
            }
        };
        PolicyChain chain = new PolicyChain(List.of(twice));
        assertThatThrownBy(() -> chain.run(PolicyCalls.request("s", "ping"), call -> {
            upstream.add("call");
            return PolicyCalls.ok(call);
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("policy greedy must call proceed() exactly once");
        assertThat(upstream).hasSize(1);
    }

    @Test
    void aPolicyThatReturnsNoAnswerIsNamed() {
        Policy silent = new Policy() {
            @Override
            public String name() {
                return "silent";
            }

            @Override
            public CompletableFuture<Message.Response> apply(PolicyCall call, Next next) {
                return null;
            }
        };
        assertThatThrownBy(() -> new PolicyChain(List.of(silent)).run(PolicyCalls.request("s", "ping"),
                PolicyCalls::ok)).isInstanceOf(IllegalStateException.class)
                .hasMessage("policy silent returned no answer");
    }

    @Test
    void theStandardChainHasTheDocumentedOrder() {
        var config = new dev.gatehouse.config.GatewayConfig(dev.gatehouse.config.GatewaySettings.DEFAULTS,
                List.of());
        StandardPolicies policies = new StandardPolicies(config, java.time.InstantSource.system(),
                new dev.gatehouse.LimitCounters(), new ToolCatalog(server -> CompletableFuture.completedFuture(
                List.of())), ToolPins.inMemory(java.time.InstantSource.system()));
        assertThat(policies.chain().names())
                .containsExactly("rate-limit", "allow-deny", "tool-pins", "argument-validation");
    }
}
