package dev.gatehouse.testing;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.protocol.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Records what an upstream reports; server requests go to an optional handler. */
public final class RecordingEvents implements UpstreamEvents {

    public final List<Message.Notification> notifications = new CopyOnWriteArrayList<>();
    public final List<Message.Request> requests = new CopyOnWriteArrayList<>();
    public final List<UpstreamStatus> statuses = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<Upstream, Message.Request> requestHandler = (from, request) -> { };

    public void answerRequestsWith(BiConsumer<Upstream, Message.Request> handler) {
        this.requestHandler = handler;
    }

    public List<UpstreamStatus.State> states() {
        return statuses.stream().map(UpstreamStatus::state).toList();
    }

    @Override
    public void onNotification(Upstream from, Message.Notification notification) {
        notifications.add(notification);
    }

    @Override
    public void onRequest(Upstream from, Message.Request request) {
        requests.add(request);
        requestHandler.accept(from, request);
    }

    @Override
    public void onStatusChange(Upstream from, UpstreamStatus status) {
        statuses.add(status);
    }
}
