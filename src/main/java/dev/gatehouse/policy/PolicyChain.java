package dev.gatehouse.policy;

import dev.gatehouse.protocol.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the policies in order and then the terminal step (routing and the upstream). The contract of
 * {@link Policy} is enforced at run time: a policy that calls {@code proceed} twice, or returns no answer, fails
 * the call with a message naming it, instead of sending a request twice or leaving a client waiting forever.
 */
public final class PolicyChain {

    private final List<Policy> policies;

    PolicyChain(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** The policies in the order a request meets them. */
    public List<String> names() {
        return policies.stream().map(Policy::name).toList();
    }

    public CompletableFuture<Message.Response> run(PolicyCall call, Policy.Next terminal) {
        return new Link(0, terminal).proceed(call);
    }

    /** The chain from position {@code index}; each link may be proceeded through once. */
    private final class Link implements Policy.Next {
        private final int index;
        private final Policy.Next terminal;
        private final AtomicBoolean proceeded = new AtomicBoolean();

        Link(int index, Policy.Next terminal) {
            this.index = index;
            this.terminal = terminal;
        }

        @Override
        public CompletableFuture<Message.Response> proceed(PolicyCall call) {
            if (!proceeded.compareAndSet(false, true)) {
                throw new IllegalStateException("policy " + policies.get(index - 1).name()
                        + " must call proceed() exactly once");
            }
            if (index == policies.size()) {
                return terminal.proceed(call);
            }
            Policy policy = policies.get(index);
            CompletableFuture<Message.Response> answer = policy.apply(call, new Link(index + 1, terminal));
            if (answer == null) {
                throw new IllegalStateException("policy " + policy.name() + " returned no answer");
            }
            return answer;
        }
    }
}
