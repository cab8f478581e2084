package dev.gatehouse.upstream.stdio;

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

/** The gateway's side of the legacy-era {@code initialize} exchange with a server. */
final class Initialize {

    private static final Logger log = LoggerFactory.getLogger(Initialize.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Initialize() {
    }

    /** The request: latest version, every client capability the gateway can route, the gateway's identity. */
    static Message.Request request(RequestId id) {
        ObjectNode params = NODES.objectNode();
        params.put("protocolVersion", ProtocolVersions.LATEST);
        ObjectNode capabilities = params.putObject("capabilities");
        capabilities.putObject("roots").put("listChanged", true);
        capabilities.putObject("sampling");
        ObjectNode elicitation = capabilities.putObject("elicitation");
        elicitation.putObject("form");
        elicitation.putObject("url");
        ObjectNode clientInfo = params.putObject("clientInfo");
        clientInfo.put("name", ClientIdentity.NAME);
        clientInfo.put("version", ClientIdentity.VERSION);
        return new Message.Request(id, McpMethods.INITIALIZE, params);
    }

    /** Reads the server's answer; fails with {@link GatewayFailure.UpstreamUnavailable} if it cannot be used. */
    static ServerHandshake accept(String server, Message.Response response) {
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
    private static String printable(JsonNode value) {
        String text = value.isMissingNode() ? "(none)" : value.toString();
        text = text.replaceAll("[^\\x20-\\x7E]", "?");
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
