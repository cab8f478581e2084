package dev.gatehouse.protocol;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes JSON-RPC 2.0 messages under {@link JsonLimits}. Decoding validates the envelope only; the
 * MCP-level meaning of params is left to the router.
 */
public final class JsonRpcCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper mapper;

    public JsonRpcCodec(JsonLimits limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxDocumentLength(limits.maxDocumentBytes())
                .build();
        // Duplicate keys are refused: two components reading different copies of "id" or "method" is how
        // request smuggling through JSON works.
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        this.mapper = JsonMapper.builder(factory).build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public Message decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public Message decode(byte[] bytes, int offset, int length) {
        return fromTree(parseTree(bytes, offset, length));
    }

    /** Parses any JSON document under the limits, mapping failures to -32700 with a reason. */
    public JsonNode parseTree(byte[] bytes, int offset, int length) {
        int invalid = Utf8.firstInvalid(bytes, offset, length);
        if (invalid >= 0) {
            throw new ProtocolException(RpcError.PARSE_ERROR, "Parse error: invalid UTF-8 at byte " + (invalid - offset));
        }
        try {
            JsonNode node = mapper.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new ProtocolException(RpcError.PARSE_ERROR, "Parse error: empty body");
            }
            return node;
        } catch (StreamConstraintsException e) {
            JsonLimits.Breach breach = breach(e);
            throw new ProtocolException(new RpcError(RpcError.PARSE_ERROR, "Parse error: " + switch (breach) {
                case DEPTH -> "JSON nested too deeply";
                case STRING_LENGTH -> "JSON string too long";
                case DOCUMENT_SIZE -> "JSON document too large";
                case null -> e.getOriginalMessage();
            }), null, breach);
        } catch (JacksonException e) {
            throw new ProtocolException(RpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage());
        }
    }

    /** Which limit Jackson's constraint message is about; null for one this gateway does not set. */
    private static JsonLimits.Breach breach(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return JsonLimits.Breach.DEPTH;
        }
        if (message.contains("String value length")) {
            return JsonLimits.Breach.STRING_LENGTH;
        }
        if (message.contains("Document length")) {
            return JsonLimits.Breach.DOCUMENT_SIZE;
        }
        return null;
    }

    /** Validates a parsed tree as one JSON-RPC message. */
    public Message fromTree(JsonNode node) {
        if (node.isArray()) {
            throw new ProtocolException(RpcError.INVALID_REQUEST,
                    "Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them)");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProtocolException(RpcError.INVALID_REQUEST, "Invalid Request: a message must be a JSON object");
        }
        RequestId id = readId(object);
        if (!"2.0".equals(object.path("jsonrpc").stringValue(null))) {
            throw invalid("\"jsonrpc\" must be \"2.0\"", id);
        }
        JsonNode method = object.get("method");
        if (method != null) {
            if (!method.isString() || method.stringValue().isEmpty()) {
                throw invalid("\"method\" must be a non-empty string", id);
            }
            ObjectNode params = readParams(object, id);
            return id == null && !object.has("id")
                    ? new Message.Notification(method.stringValue(), params)
                    : new Message.Request(requireId(object, id), method.stringValue(), params);
        }
        JsonNode result = object.get("result");
        JsonNode error = object.get("error");
        if ((result == null) == (error == null)) {
            throw invalid("a message needs \"method\", or exactly one of \"result\" and \"error\"", id);
        }
        if (result != null) {
            return Message.Response.success(requireId(object, id), result);
        }
        return Message.Response.failure(id, readError(error, id));
    }

    private static RequestId readId(ObjectNode object) {
        JsonNode id = object.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isString() || id.isIntegralNumber()) {
            return new RequestId(id);
        }
        throw invalid("\"id\" must be a string or an integer", null);
    }

    private static RequestId requireId(ObjectNode object, RequestId id) {
        if (id == null) {
            throw invalid(object.has("id") ? "\"id\" must not be null" : "\"id\" is required", null);
        }
        return id;
    }

    private static ObjectNode readParams(ObjectNode object, RequestId id) {
        JsonNode params = object.get("params");
        if (params == null || params.isNull()) {
            return null;
        }
        if (params instanceof ObjectNode p) {
            return p;
        }
        throw invalid("\"params\" must be an object (MCP uses named parameters)", id);
    }

    private static RpcError readError(JsonNode error, RequestId id) {
        // An integral code past the int range is refused here: converting it would throw (found by fuzzing).
        JsonNode code = error.path("code");
        if (!error.isObject() || !code.isIntegralNumber() || !code.canConvertToInt()
                || !error.path("message").isString()) {
            throw invalid("\"error\" needs an integer \"code\" (32-bit) and a string \"message\"", id);
        }
        return new RpcError(code.intValue(), error.get("message").stringValue(), error.get("data"));
    }

    private static ProtocolException invalid(String why, RequestId id) {
        return new ProtocolException(new RpcError(RpcError.INVALID_REQUEST, "Invalid Request: " + why), id);
    }

    public ObjectNode toTree(Message message) {
        ObjectNode node = NODES.objectNode();
        node.put("jsonrpc", "2.0");
        switch (message) {
            case Message.Request r -> {
                node.set("id", r.id().value());
                node.put("method", r.method());
                if (r.params() != null) {
                    node.set("params", r.params());
                }
            }
            case Message.Notification n -> {
                node.put("method", n.method());
                if (n.params() != null) {
                    node.set("params", n.params());
                }
            }
            case Message.Response r -> {
                node.set("id", r.id() == null ? NODES.nullNode() : r.id().value());
                if (r.isError()) {
                    node.set("error", errorTree(r.error()));
                } else {
                    node.set("result", r.result());
                }
            }
        }
        return node;
    }

    public static ObjectNode errorTree(RpcError error) {
        ObjectNode node = NODES.objectNode();
        node.put("code", error.code());
        node.put("message", error.message());
        if (error.data() != null) {
            node.set("data", error.data());
        }
        return node;
    }

    public byte[] encode(Message message) {
        return mapper.writeValueAsBytes(toTree(message));
    }

    public String encodeToString(Message message) {
        return mapper.writeValueAsString(toTree(message));
    }

    /** Builds an object node from alternating keys and values, for small results written by the gateway. */
    public ObjectNode object(Map<String, ?> fields) {
        return mapper.valueToTree(fields);
    }
}
