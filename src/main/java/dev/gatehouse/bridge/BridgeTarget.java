package dev.gatehouse.bridge;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Which endpoint the bridge reaches: every server ({@code /mcp}), one server ({@code --server}, {@code /s/NAME/mcp})
 * or one profile ({@code --profile}, {@code /p/NAME/mcp}). The name is checked against the gateway's status each
 * time the gateway is located, so a relocation after a restart reaches the same endpoint or says why it cannot.
 */
record BridgeTarget(String server, String profile) {

    /** Throws {@link IllegalStateException} (a usage error) when both are given. */
    static BridgeTarget of(String server, String profile) {
        if (server != null && profile != null) {
            throw new IllegalStateException("use --server or --profile, not both");
        }
        return new BridgeTarget(server, profile);
    }

    /** The endpoint path on the plane whose aggregate path is {@code aggregate}, as {@code status} describes it. */
    String path(JsonNode status, String aggregate) throws BridgeFailure {
        if (server != null) {
            return "/s/" + known(status, "servers", "server", server) + "/mcp";
        }
        if (profile != null) {
            return "/p/" + known(status, "profiles", "profile", profile) + "/mcp";
        }
        return aggregate;
    }

    private static String known(JsonNode status, String field, String kind, String name) throws BridgeFailure {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : status.path(field)) {
            names.add(entry.path("name").asString(""));
        }
        if (!names.contains(name)) {
            throw BridgeFailure.usage("the gateway has no " + kind + " named '" + name + "' (it has: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        return name;
    }
}
