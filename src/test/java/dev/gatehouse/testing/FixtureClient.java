package dev.gatehouse.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The connected client as the conformance fixture's handlers see it: what they may send back to it. */
interface FixtureClient {

    /** Whether the client declared {@code name} (for example {@code sampling}) in its initialize capabilities. */
    boolean declared(String capability);

    /** Sends a notification now, ahead of the response to the request being handled. */
    void notify(String method, ObjectNode params);

    /** Sends a server-to-client request and blocks until the client answers; a JSON-RPC error is thrown. */
    JsonNode request(String method, ObjectNode params);

    /** Sends {@code notifications/message} unless the level is below the one set by {@code logging/setLevel}. */
    void log(String level, String data);
}
