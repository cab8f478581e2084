package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class SubscriptionsTest {

    private final SessionRegistry sessions = new SessionRegistry(InstantSource.system(), 16, Duration.ofMinutes(5),
            ended -> { });
    private final Subscriptions subscriptions = new Subscriptions();
    private final Subscriptions.Key key = new Subscriptions.Key("alpha", "test://a");

    private Session session() {
        return sessions.create("/mcp", "2025-11-25", JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode());
    }

    @Test
    void aSessionJoiningWhileTheFirstSubscriptionIsUnderWayGetsTheServersAnswerToIt() {
        Session first = session();
        Session second = session();
        Subscriptions.Joined leader = subscriptions.add(key, first);
        Subscriptions.Joined follower = subscriptions.add(key, second);
        assertThat(leader.first()).isTrue();
        assertThat(follower.first()).isFalse();
        assertThat(follower.upstream()).isNotDone();

        subscriptions.settle(key, leader, Message.Response.success(RequestId.of(1),
                JsonNodeFactory.instance.objectNode()), null);

        assertThat(follower.upstream().join().isError()).isFalse();
        assertThat(subscriptions.subscribers(key)).containsExactlyInAnyOrder(first, second);
        assertThat(subscriptions.add(key, session()).upstream()).isCompleted();
    }

    @Test
    void aRefusedSubscriptionRefusesEverySessionThatJoinedItAndTheNextOneAsksTheServerAgain() {
        Session first = session();
        Session second = session();
        Subscriptions.Joined leader = subscriptions.add(key, first);
        Subscriptions.Joined follower = subscriptions.add(key, second);

        subscriptions.settle(key, leader, Message.Response.failure(RequestId.of(1),
                new RpcError(RpcError.RESOURCE_NOT_FOUND, "Resource not found")), null);

        assertThat(follower.upstream().join().error().code()).isEqualTo(RpcError.RESOURCE_NOT_FOUND);
        assertThat(subscriptions.subscribers(key)).isEmpty();
        assertThat(subscriptions.keysOf(second)).isEmpty();
        assertThat(subscriptions.add(key, second).first()).isTrue();
    }

    @Test
    void theUpstreamIsUnsubscribedOnlyWhenItsLastSubscriberLeaves() {
        Session first = session();
        Session second = session();
        Subscriptions.Joined leader = subscriptions.add(key, first);
        subscriptions.add(key, second);
        subscriptions.settle(key, leader, Message.Response.success(RequestId.of(1),
                JsonNodeFactory.instance.objectNode()), null);

        assertThat(subscriptions.remove(key, first)).isFalse();
        assertThat(subscriptions.remove(key, first)).as("not subscribed any more").isFalse();
        assertThat(subscriptions.remove(key, second)).isTrue();
        assertThat(subscriptions.subscribers(key)).isEmpty();
    }

    @Test
    void forgettingARemovedServerDropsItsEntriesOnlyAndTheNextSubscriberAsksItAgain() {
        Session session = session();
        Subscriptions.Key other = new Subscriptions.Key("beta", "test://a");
        subscriptions.add(key, session);
        subscriptions.add(new Subscriptions.Key("alpha", "test://b"), session);
        subscriptions.add(other, session);

        assertThat(subscriptions.forget("alpha")).isEqualTo(2);

        assertThat(subscriptions.size()).isEqualTo(1);
        assertThat(subscriptions.keysOf(session)).containsExactly(other);
        assertThat(subscriptions.watches("alpha")).isFalse();
        assertThat(subscriptions.add(key, session()).first()).isTrue();
    }
}
