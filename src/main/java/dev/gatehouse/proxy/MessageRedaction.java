package dev.gatehouse.proxy;

import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RpcError;
import dev.gatehouse.vault.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Replaces vault values in messages going to clients with {@code [secret:NAME]}, walking every string value and
 * field name of the JSON tree (values are unescaped there, so the scan sees what the model would see). Trees
 * are changed in place: each message is freshly parsed from its upstream and owned by the path carrying it.
 * With an empty vault the message is returned untouched without a walk.
 */
final class MessageRedaction {

    private final Redactor redactor;

    MessageRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    Message.Response response(Message.Response response) {
        if (redactor.isEmpty()) {
            return response;
        }
        if (response.error() != null) {
            RpcError error = response.error();
            return Message.Response.failure(response.id(), new RpcError(error.code(),
                    redactor.redact(error.message()), error.data() == null ? null : tree(error.data())));
        }
        return Message.Response.success(response.id(), tree(response.result()));
    }

    Message.Notification notification(Message.Notification notification) {
        if (redactor.isEmpty() || notification.params() == null) {
            return notification;
        }
        walkObject(notification.params());
        return notification;
    }

    Message.Request request(Message.Request request) {
        if (redactor.isEmpty() || request.params() == null) {
            return request;
        }
        walkObject(request.params());
        return request;
    }

    private JsonNode tree(JsonNode node) {
        if (node.isString()) {
            String redacted = redactor.redact(node.stringValue());
            return redacted.equals(node.stringValue()) ? node : StringNode.valueOf(redacted);
        }
        if (node instanceof ObjectNode object) {
            walkObject(object);
        } else if (node instanceof ArrayNode array) {
            walkArray(array);
        }
        return node;
    }

    private void walkObject(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        boolean renamed = false;
        for (String name : names) {
            JsonNode value = object.get(name);
            JsonNode redacted = tree(value);
            if (redacted != value) {
                object.set(name, redacted);
            }
            renamed |= redactor.redact(name) != name;
        }
        if (renamed) {
            // A field name held a value: rebuild the object, in order, under redacted names.
            Map<String, JsonNode> copy = new LinkedHashMap<>();
            object.properties().forEach(e -> copy.putIfAbsent(redactor.redact(e.getKey()), e.getValue()));
            object.removeAll();
            copy.forEach(object::set);
        }
    }

    private void walkArray(ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            JsonNode value = tree(element);
            if (value != element) {
                array.set(i, value);
            }
        }
    }
}
