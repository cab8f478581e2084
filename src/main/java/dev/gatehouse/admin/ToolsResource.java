package dev.gatehouse.admin;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.admin.api.ToolApprovalResult;
import dev.gatehouse.admin.api.ToolReviewReport;
import dev.gatehouse.admin.api.ToolState;
import dev.gatehouse.admin.api.ToolWarning;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ToolApproval;
import dev.gatehouse.config.ToolRules;
import dev.gatehouse.policy.HiddenInstructionScanner;
import dev.gatehouse.policy.ToolPinPolicy;
import dev.gatehouse.policy.ToolReview;
import dev.gatehouse.proxy.Gateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tools resource: each server's tools against their pinned approvals ({@code gatehouse tools list|diff}), the
 * approval that pins a changed or new tool again ({@code gatehouse tools approve}), and the poisoning marks shown by
 * {@code status} and {@code server show}. Reviews read the server's current list, so they answer about what it
 * offers now; the marks are taken from the tools as last listed, so status never waits for a server.
 */
public final class ToolsResource {

    /** How long status waits for the tool lists of running servers it has not seen yet. */
    static final Duration LEARN_WAIT = Duration.ofSeconds(2);

    private final Gateway gateway;

    public ToolsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    /** Every enabled server's review; a server whose tools cannot be read is reported with its error. */
    public List<ToolReviewReport> all() {
        List<ToolReviewReport> reports = new ArrayList<>();
        for (ServerConfig server : gateway.upstreams().configured()) {
            if (!server.enabled()) {
                continue;
            }
            try {
                reports.add(review(server.name()));
            } catch (AdminProblem problem) {
                reports.add(new ToolReviewReport(server.name(), mode(server.name()).label(), List.of(),
                        problem.details().detail()));
            }
        }
        return reports;
    }

    public ToolReviewReport review(String server) {
        known(server);
        ToolApproval mode = mode(server);
        List<ToolState> tools = new ArrayList<>();
        for (ToolReview.ToolChange change : changes(server)) {
            String state = change.status().name().toLowerCase(Locale.ROOT);
            boolean hidden = change.status() == ToolPinPolicy.Verdict.CHANGED
                    || change.status() == ToolPinPolicy.Verdict.NEW && mode == ToolApproval.MANUAL;
            tools.add(new ToolState(change.tool(), state, hidden, change.approvedAt(), change.changedFields(),
                    ToolDiff.of(change.approved(), change.current(), change.changedFields()),
                    warnings(server, change.tool(), change.flags())));
        }
        return new ToolReviewReport(server, mode.label(), tools, null);
    }

    /** Approves one tool, or every waiting tool when {@code tool} is empty; sessions are told at once. */
    public ToolApprovalResult approve(String server, Optional<String> tool) {
        known(server);
        List<String> approved;
        try {
            approved = gateway.approveTools(server, tool);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw AdminProblem.serverUnavailable(e.getMessage());
        }
        String message = approved.isEmpty()
                ? tool.map(t -> "'" + t + "' of '" + server + "' was already approved")
                        .orElse("no tool of '" + server + "' is waiting for approval")
                : "approved " + String.join(", ", approved) + " of '" + server + "'; clients see "
                        + (approved.size() == 1 ? "it" : "them") + " from now on";
        return new ToolApprovalResult(server, approved, message);
    }

    /**
     * The poisoning marks of every server's tools as last listed, server by server. Running servers whose tools
     * were never listed are asked first, for at most {@link #LEARN_WAIT}, so that status is complete after a
     * restart too.
     */
    public List<ToolWarning> warnings() {
        List<String> servers = gateway.upstreams().configured().stream().map(ServerConfig::name).toList();
        learn(servers);
        List<ToolWarning> warnings = new ArrayList<>();
        servers.forEach(server -> warnings.addAll(flagged(server)));
        return warnings;
    }

    /** The poisoning marks of one server's tools, as {@link #warnings()} finds them. */
    public List<ToolWarning> warnings(String server) {
        learn(List.of(server));
        return flagged(server);
    }

    private void learn(List<String> servers) {
        gateway.toolReview().learn(servers.stream().filter(server -> gateway.upstreams().upstream(server)
                .filter(upstream -> upstream.status().state() == UpstreamStatus.State.READY).isPresent())
                .toList(), LEARN_WAIT);
    }

    private List<ToolWarning> flagged(String server) {
        List<ToolWarning> warnings = new ArrayList<>();
        for (Map.Entry<String, Set<HiddenInstructionScanner.Flag>> tool
                : gateway.toolReview().flags(server).entrySet()) {
            warnings.addAll(warnings(server, tool.getKey(), tool.getValue()));
        }
        return warnings;
    }

    private static List<ToolWarning> warnings(String server, String tool, Set<HiddenInstructionScanner.Flag> flags) {
        return flags.stream().map(flag -> new ToolWarning(server, tool, flag.name().toLowerCase(Locale.ROOT),
                flag.description())).toList();
    }

    private List<ToolReview.ToolChange> changes(String server) {
        try {
            return gateway.toolReview().review(server);
        } catch (IllegalStateException e) {
            throw AdminProblem.serverUnavailable(e.getMessage());
        }
    }

    /** Only configured, enabled servers have tools to review; the gateway's own server needs no approval. */
    private void known(String server) {
        if (server.equals(GatewayConfig.BUILTIN_SERVER)) {
            throw AdminProblem.conflict("the tools of '" + server + "' are part of the gateway and need no approval");
        }
        ServerConfig config = gateway.upstreams().config().server(server)
                .orElseThrow(() -> AdminProblem.unknownServer(server));
        if (!config.enabled()) {
            throw AdminProblem.conflict("'" + server + "' is disabled");
        }
    }

    private ToolApproval mode(String server) {
        GatewayConfig config = gateway.upstreams().config();
        return config.server(server).map(ServerConfig::tools).orElse(ToolRules.NONE)
                .approval(config.security().approveNewTools());
    }
}
