package dev.gatehouse.upstream;

import dev.gatehouse.ServerHandshake;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.ModernEra;
import dev.gatehouse.protocol.ProtocolVersions;
import dev.gatehouse.protocol.RequestId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's side of era detection, whatever the transport: it asks {@code server/discover} and reads the answer.
 * A discover result naming this era, or an error only a modern server sends, means modern; anything else means the
 * caller falls back to {@code initialize}. The verdict is never keyed on one error code.
 */
public final class ModernDiscovery {

    /** What an answer to {@code server/discover} means. */
    public sealed interface Verdict {
    }

    /** The server speaks this era and said this about itself. */
    public record Modern(ServerHandshake handshake) implements Verdict {
    }

    /** Not modern here: fall back to the legacy handshake. {@code why} is for the debug log. */
    public record Legacy(String why) implements Verdict {
    }

    /** The server named this era among its supported versions in an unsupported-version error: ask once more. */
    public record AskAgain() implements Verdict {
    }

    /** A modern server the gateway cannot speak to, for {@code reason}. */
    public record Refused(String reason) implements Verdict {
    }

    private ModernDiscovery() {
    }

    /** The probe, stamped as every modern request is. */
    public static Message.Request request(RequestId id, ObjectNode capabilities) {
        return ModernStamp.stamp(new Message.Request(id, ModernEra.DISCOVER, null), capabilities, null);
    }

    /** Whether {@code response} is an error only a modern server sends. */
    public static boolean isModernError(Message.Response response) {
        if (!response.isError()) {
            return false;
        }
        int code = response.error().code();
        return code == ModernEra.HEADER_MISMATCH || code == ModernEra.MISSING_CLIENT_CAPABILITY
                || code == ModernEra.UNSUPPORTED_PROTOCOL_VERSION;
    }

    /** Reads the answer to a probe; {@code firstAsk} allows one {@link AskAgain}, as the spec asks. */
    public static Verdict judge(Message.Response answer, boolean firstAsk) {
        if (!answer.isError()) {
            return accept(answer.result());
        }
        int code = answer.error().code();
        if (code == ModernEra.UNSUPPORTED_PROTOCOL_VERSION) {
            List<String> supported = strings(answer.error().data() == null ? null
                    : answer.error().data().get("supported"));
            if (supported.contains(ModernEra.VERSION) && firstAsk) {
                return new AskAgain();
            }
            if (supported.stream().noneMatch(ProtocolVersions::isSupported)) {
                return new Refused("it speaks only protocol versions " + printable(supported)
                        + ", and the gateway speaks " + ModernEra.VERSION + " and "
                        + String.join(", ", ProtocolVersions.SUPPORTED));
            }
            return new Legacy("it supports a legacy version only");
        }
        if (code == ModernEra.MISSING_CLIENT_CAPABILITY || code == ModernEra.HEADER_MISMATCH) {
            return new Refused("it refused server/discover with error " + code);
        }
        return new Legacy("it answered server/discover with error " + code);
    }

    private static Verdict accept(JsonNode result) {
        if (!(result instanceof ObjectNode object) || !object.path("supportedVersions").isArray()) {
            return new Legacy("its answer to server/discover is not a discover result");
        }
        if (!strings(object.get("supportedVersions")).contains(ModernEra.VERSION)) {
            return new Legacy("its server/discover result does not list " + ModernEra.VERSION);
        }
        JsonNode info = object.path("_meta").path(ModernEra.META_SERVER_INFO);
        if (!info.isObject()) {
            info = object.path("serverInfo");
        }
        JsonNode instructions = object.path("instructions");
        return new Modern(new ServerHandshake(ModernEra.VERSION,
                object.get("capabilities") instanceof ObjectNode c ? c : JsonNodeFactory.instance.objectNode(),
                info instanceof ObjectNode i ? i : JsonNodeFactory.instance.objectNode(),
                instructions.isString() ? instructions.stringValue() : null));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.values().forEach(value -> {
                if (value.isString()) {
                    values.add(value.stringValue());
                }
            });
        }
        return values;
    }

    private static String printable(List<String> versions) {
        return versions.stream().limit(8).map(v -> LegacyHandshake.printable(JsonNodeFactory.instance.stringNode(v)))
                .toList().toString();
    }
}
