package dev.gatehouse;

import tools.jackson.databind.node.ObjectNode;

/** What a server said about itself in its {@code initialize} result. {@code instructions} may be null. */
public record ServerHandshake(String protocolVersion, ObjectNode capabilities, ObjectNode serverInfo,
                              String instructions) {

    public boolean hasCapability(String name) {
        return capabilities != null && capabilities.has(name);
    }
}
