package dev.gatehouse.admin;

import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.ProfileMember;
import dev.gatehouse.admin.api.ProfileSpec;
import dev.gatehouse.admin.api.ProfileSummary;
import dev.gatehouse.config.ProfileConfig;
import dev.gatehouse.config.ServerNameRule;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.proxy.UpstreamRegistry;
import java.net.URI;
import java.util.List;

/**
 * The profiles resource: each profile with its servers' states and the URL its clients connect to, and the
 * profiles a user adds or removes. Changes go through {@link ConfigService#edit}, so config.toml always says what
 * is served; the loader checks the servers a profile lists.
 */
public final class ProfilesResource {

    private static final int MAX_DESCRIPTION = 500;

    private final Gateway gateway;
    private final ConfigService config;
    private final URI mcpUrl;

    /** {@code mcpUrl} is the plane's {@code /mcp} URL; a profile's URL is that with its own path. */
    public ProfilesResource(Gateway gateway, ConfigService config, URI mcpUrl) {
        this.gateway = gateway;
        this.config = config;
        this.mcpUrl = mcpUrl;
    }

    public List<ProfileSummary> list() {
        return gateway.upstreams().config().profiles().stream().map(this::summary).toList();
    }

    public ProfileSummary show(String name) {
        return gateway.upstreams().config().profile(name).map(this::summary)
                .orElseThrow(() -> AdminProblem.unknownProfile(name));
    }

    public ActionResult add(ProfileSpec spec) {
        ProfileConfig profile = toConfig(spec);
        config.edit(editor -> editor.addProfile(profile));
        return new ActionResult(profile.name(), "add", "added profile '" + profile.name() + "' to config.toml; its"
                + " clients connect to " + url(profile));
    }

    public ActionResult remove(String name) {
        config.edit(editor -> {
            if (editor.current().profile(name).isEmpty()) {
                throw AdminProblem.unknownProfile(name);
            }
            return editor.removeProfile(name);
        });
        return new ActionResult(name, "remove", "removed profile '" + name + "' from config.toml and ended its"
                + " sessions");
    }

    private static ProfileConfig toConfig(ProfileSpec spec) {
        if (spec == null || spec.name() == null) {
            throw AdminProblem.badRequest("a profile needs a 'name'");
        }
        ServerNameRule.problemWithProfile(spec.name()).ifPresent(problem -> {
            throw AdminProblem.badRequest(problem);
        });
        if (spec.servers() == null || spec.servers().isEmpty() || spec.servers().contains(null)) {
            throw AdminProblem.badRequest("a profile needs 'servers', the names of at least one server");
        }
        String description = spec.description();
        if (description != null && (description.isBlank() || description.length() > MAX_DESCRIPTION
                || description.chars().anyMatch(Character::isISOControl))) {
            throw AdminProblem.badRequest("'description' must be one line of 1 to " + MAX_DESCRIPTION
                    + " characters");
        }
        return new ProfileConfig(spec.name(), description, spec.servers());
    }

    private ProfileSummary summary(ProfileConfig profile) {
        UpstreamRegistry registry = gateway.upstreams();
        List<ProfileMember> members = profile.servers().stream()
                .map(server -> new ProfileMember(server, registry.upstream(server)
                        .map(u -> u.status().state().label()).orElse(UpstreamStatus.State.DISABLED.label())))
                .toList();
        return new ProfileSummary(profile.name(), profile.description(), profile.endpoint(), url(profile), members);
    }

    private String url(ProfileConfig profile) {
        return mcpUrl.resolve(profile.endpoint()).toString();
    }
}
