package dev.gatehouse.upstream;

import dev.gatehouse.ClientIdentity;
import dev.gatehouse.GatewayFailure;
import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.McpMethods;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The gateway's side of the legacy-era {@code initialize} exchange with a server, whatever the transport. */
public final class LegacyHandshake {

    private static final Logger log = LoggerFactory.getLogger(LegacyHandshake.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LegacyHandshake() {
    }

    /** Every client capability the gateway can route to its own clients. A fresh, mutable copy each time. */
    public static ObjectNode gatewayCapabilities() {
        ObjectNode capabilities = NODES.objectNode();
        capabilities.putObject("roots").put("listChanged", true);
        capabilities.putObject("sampling");
        ObjectNode elicitation = capabilities.putObject("elicitation");
        elicitation.putObject("form");
        elicitation.putObject("url");
        return capabilities;
    }

    /** The gateway's name and version, as {@code clientInfo}. */
    public static ObjectNode clientInfo() {
        ObjectNode clientInfo = NODES.objectNode();
        clientInfo.put("name", ClientIdentity.NAME);
        clientInfo.put("version", ClientIdentity.VERSION);
        return clientInfo;
    }

    /** The request: latest version, every client capability the gateway can route, the gateway's identity. */
    public static Message.Request request(RequestId id) {
        return request(id, gatewayCapabilities());
    }

    /** The request, declaring {@code capabilities}. */
    public static Message.Request request(RequestId id, ObjectNode capabilities) {
        ObjectNode params = NODES.objectNode();
        params.put("protocolVersion", ProtocolVersions.LATEST);
        params.set("capabilities", capabilities.deepCopy());
        params.set("clientInfo", clientInfo());
        return new Message.Request(id, McpMethods.INITIALIZE, params);
    }

    /** Reads the server's answer; fails with {@link GatewayFailure.UpstreamUnavailable} if it cannot be used. */
    public static ServerHandshake accept(String server, Message.Response response) {
        if (response.isError()) {
            log.warn("Server {} refused initialize: {} {}", server, response.error().code(),
                    response.error().message());
            throw new GatewayFailure.UpstreamUnavailable(server,
                    "it refused initialize (error " + response.error().code() + ")", null);
        }
        if (!(response.result() instanceof ObjectNode result)) {
            throw new GatewayFailure.UpstreamUnavailable(server, "its initialize result is not an object", null);
        }
        JsonNode version = result.path("protocolVersion");
        if (!version.isString() || !ProtocolVersions.isSupported(version.stringValue())) {
            throw new GatewayFailure.UpstreamUnavailable(server, "it answered with protocol version "
                    + printable(version) + ", which the gateway does not speak (it speaks "
                    + String.join(", ", ProtocolVersions.SUPPORTED) + ")", null);
        }
        JsonNode instructions = result.path("instructions");
        return new ServerHandshake(version.stringValue(), objectOrEmpty(result.get("capabilities")),
                objectOrEmpty(result.get("serverInfo")), instructions.isString() ? instructions.stringValue() : null);
    }

    private static ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode object ? object : NODES.objectNode();
    }

    /** A short, single-line rendering of an untrusted value for an error message. */
    public static String printable(JsonNode value) {
        String text = value.isMissingNode() ? "(none)" : value.toString();
        text = text.replaceAll("[^\\x20-\\x7E]", "?");
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
