package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The table that gives a legacy task's messages to the session that created it and a modern task's notifications to
 * the listen streams that asked, and its bounds.
 */
class TaskOwnersTest {

    private final SessionRegistry sessions = new SessionRegistry(InstantSource.system(), 10, Duration.ofMinutes(5),
            session -> { });
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final TaskOwners owners = new TaskOwners(() -> Instant.ofEpochMilli(millis.get()), Duration.ofSeconds(10));

    private Session session() {
        return sessions.create("/mcp", "2025-11-25", null, null);
    }

    @Test
    void aMessageThatArrivesBeforeItsTasksCreationIsHandedToTheCreatorOnceItIsSeen() {
        Session creator = session();
        List<Session> deliveredTo = new ArrayList<>();
        owners.deliver("legacy", "t1", deliveredTo::add, () -> { });
        assertThat(deliveredTo).isEmpty();

        owners.created("legacy", "t1", creator);
        assertThat(deliveredTo).containsExactly(creator);
        owners.deliver("legacy", "t1", deliveredTo::add, () -> { });
        assertThat(deliveredTo).containsExactly(creator, creator);
    }

    @Test
    void aRemovedServersTasksAndWaitingMessagesAreForgottenAndOtherServersKeepTheirs() {
        Session creator = session();
        Session listener = session();
        owners.created("removed", "t1", creator);
        owners.created("kept", "t1", creator);
        owners.watch("removed", "t2", listener);
        owners.watch("kept", "t2", listener);
        AtomicInteger dropped = new AtomicInteger();
        List<Session> deliveredTo = new ArrayList<>();
        owners.deliver("removed", "t3", deliveredTo::add, dropped::incrementAndGet);

        owners.forget("removed");

        assertThat(owners.owner("removed", "t1")).isEmpty();
        assertThat(owners.watchers("removed", "t2")).isEmpty();
        assertThat(owners.watchedTasks("removed")).isEmpty();
        assertThat(dropped).hasValue(1);
        owners.created("removed", "t3", session());
        assertThat(deliveredTo).isEmpty();
        assertThat(owners.owner("kept", "t1")).contains(creator);
        assertThat(owners.watchers("kept", "t2")).containsExactly(listener);
    }

    @Test
    void theSameTaskIdOnAnotherServerBelongsToNobody() {
        owners.created("alpha", "t1", session());
        assertThat(owners.owner("beta", "t1")).isEmpty();
    }

    @Test
    void pastItsBoundTheOldestWaitingMessageIsDroppedAndToldSo() {
        AtomicInteger dropped = new AtomicInteger();
        for (int i = 0; i <= TaskOwners.MAX_WAITING; i++) {
            owners.deliver("legacy", "never-" + i, session -> { }, dropped::incrementAndGet);
        }
        assertThat(dropped).hasValue(1);
        assertThat(owners.dropped(TaskOwners.Drop.CROWDED)).isEqualTo(1);
    }

    @Test
    void aMessageThatWaitedWithinItsTimeBoundStillReachesTheCreator() {
        Session creator = session();
        List<Session> deliveredTo = new ArrayList<>();
        owners.deliver("legacy", "t1", deliveredTo::add, () -> { });
        millis.addAndGet(10_000);
        owners.expireWaiting();

        owners.created("legacy", "t1", creator);
        assertThat(deliveredTo).containsExactly(creator);
        assertThat(owners.dropped(TaskOwners.Drop.LATE)).isZero();
    }

    @Test
    void aMessageWaitingPastItsTimeBoundIsDroppedCountedAndNeverDeliveredLate() {
        List<Session> deliveredTo = new ArrayList<>();
        AtomicInteger dropped = new AtomicInteger();
        owners.deliver("legacy", "t1", deliveredTo::add, dropped::incrementAndGet);
        millis.addAndGet(10_001);

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(TaskOwners.class);
        log.start();
        logger.addAppender(log);
        try {
            owners.created("legacy", "t1", session());
        } finally {
            logger.detachAppender(log);
        }
        assertThat(deliveredTo).isEmpty();
        assertThat(dropped).hasValue(1);
        assertThat(owners.dropped(TaskOwners.Drop.LATE)).isEqualTo(1);
        assertThat(owners.dropped(TaskOwners.Drop.CROWDED)).isZero();
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("dropped a message from"
                + " 'legacy' about task t1: its task's creation was not seen within 10000 ms");
    }

    @Test
    void theGatewaysSweepDropsStaleMessagesWithoutFurtherTrafficAndKeepsFreshOnes() {
        AtomicInteger dropped = new AtomicInteger();
        owners.deliver("legacy", "old", session -> { }, dropped::incrementAndGet);
        millis.addAndGet(6_000);
        List<Session> deliveredTo = new ArrayList<>();
        owners.deliver("legacy", "fresh", deliveredTo::add, dropped::incrementAndGet);
        millis.addAndGet(5_000);

        owners.expireWaiting();
        assertThat(dropped).hasValue(1);
        Session creator = session();
        owners.created("legacy", "fresh", creator);
        assertThat(deliveredTo).containsExactly(creator);
        assertThat(owners.dropped(TaskOwners.Drop.LATE)).isEqualTo(1);
    }

    @Test
    void pastItsBoundTheOldestOwnerIsForgotten() {
        Session creator = session();
        for (int i = 0; i <= TaskOwners.MAX_TASKS; i++) {
            owners.created("legacy", "t" + i, creator);
        }
        assertThat(owners.owner("legacy", "t0")).isEmpty();
        assertThat(owners.owner("legacy", "t" + TaskOwners.MAX_TASKS)).contains(creator);
    }

    @Test
    void anEndedSessionsTasksHaveNoOwnerAndTheirMessagesAreDropped() {
        Session creator = session();
        owners.created("legacy", "t1", creator);
        sessions.end(creator.id());
        AtomicInteger dropped = new AtomicInteger();
        owners.deliver("legacy", "t1", session -> { }, dropped::incrementAndGet);
        assertThat(dropped).hasValue(1);
        assertThat(owners.owner("legacy", "t1")).isEmpty();
    }

    @Test
    void theServerIsAskedAboutATaskOnceAndToldWhenItsLastListenerLeaves() {
        Session first = session();
        Session second = session();
        assertThat(owners.watch("alpha", "t1", first)).isEqualTo(TaskOwners.Watch.FIRST);
        assertThat(owners.watch("alpha", "t1", second)).isEqualTo(TaskOwners.Watch.ADDED);
        assertThat(owners.watchers("alpha", "t1")).containsExactlyInAnyOrder(first, second);

        assertThat(owners.ended(first)).isEmpty();
        assertThat(owners.ended(second)).containsExactly(new TaskOwners.Key("alpha", "t1"));
        assertThat(owners.watchers("alpha", "t1")).isEmpty();
    }

    @Test
    void pastItsBoundNoFurtherTaskIsWatched() {
        Session listener = session();
        for (int i = 0; i < TaskOwners.MAX_TASKS; i++) {
            owners.watch("alpha", "t" + i, listener);
        }
        assertThat(owners.watch("alpha", "one-more", listener)).isEqualTo(TaskOwners.Watch.FULL);
        assertThat(owners.watch("alpha", "t0", session())).isEqualTo(TaskOwners.Watch.ADDED);
    }
}
