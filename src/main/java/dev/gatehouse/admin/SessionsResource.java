package dev.gatehouse.admin;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.SessionInfo;
import dev.gatehouse.proxy.Gateway;
import java.util.List;

/** The open client sessions, and ending one (its requests in flight are cancelled). */
public final class SessionsResource {

    private final Gateway gateway;

    public SessionsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    public List<SessionInfo> list() {
        return gateway.openSessions().stream()
                .map(s -> new SessionInfo(s.id(), s.endpoint(), s.protocolVersion(), s.clientName(),
                        s.clientVersion(), s.created().toString(), s.lastActive().toString(), s.inFlight()))
                .toList();
    }

    public ActionResult end(String id) {
        if (!gateway.endSession(id)) {
            throw AdminProblem.unknownSession(id);
        }
        return new ActionResult(null, "end-session", "ended the session");
    }
}
