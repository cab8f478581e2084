package dev.gatehouse.proxy;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ProfileConfig;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.session.Session;
import dev.gatehouse.session.SessionRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells open sessions that what their endpoint shows changed: a server they see was added, removed, changed or had
 * tools approved, or their profile gained or lost a server. A session whose profile was removed is ended, so its
 * next request finds no session (404), as on the endpoint of a removed server.
 */
final class ViewChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ViewChanges.class);
    private static final List<String> LIST_CHANGES = List.of(McpMethods.TOOLS_LIST_CHANGED,
            McpMethods.PROMPTS_LIST_CHANGED, McpMethods.RESOURCES_LIST_CHANGED);

    private final SessionRegistry sessions;

    ViewChanges(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** {@code servers} changed while {@code config} runs. */
    void serversChanged(List<String> servers, GatewayConfig config) {
        for (Session session : sessions.all()) {
            if (seesAny(session, servers, config)) {
                announce(session);
            }
        }
    }

    /** {@code after} replaced {@code before}; {@code servers} were added, removed or changed by it. */
    void configApplied(GatewayConfig before, GatewayConfig after, List<String> servers) {
        for (Session session : sessions.all()) {
            Optional<String> profile = Endpoints.profile(session.endpoint());
            if (profile.isPresent() && after.profile(profile.get()).isEmpty()) {
                if (before.profile(profile.get()).isPresent() && sessions.end(session.id())) {
                    LOG.info("ended a session of profile '{}', which was removed from the configuration",
                            profile.get());
                }
            } else if (seesAny(session, servers, before) || seesAny(session, servers, after)
                    || profile.filter(name -> membersChanged(name, before, after)).isPresent()) {
                announce(session);
            }
        }
    }

    private static boolean membersChanged(String profile, GatewayConfig before, GatewayConfig after) {
        return !Objects.equals(before.profile(profile).map(ProfileConfig::servers),
                after.profile(profile).map(ProfileConfig::servers));
    }

    private static boolean seesAny(Session session, List<String> servers, GatewayConfig config) {
        return servers.stream().anyMatch(server -> Endpoints.sees(session.endpoint(), server, config));
    }

    private static void announce(Session session) {
        LIST_CHANGES.forEach(method -> session.outbound().offer(new Message.Notification(method, null)));
    }
}
