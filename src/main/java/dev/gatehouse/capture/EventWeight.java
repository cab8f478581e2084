package dev.gatehouse.capture;

import dev.gatehouse.protocol.Message;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a queued event or a prepared row costs the heap, in bytes, as the recorder's byte budget counts it: the
 * size of its text on the wire (every string's and name's length) plus {@link #NODE} for each JSON value, which
 * is what a parsed tree costs beyond its text (the node objects, the maps holding an object's fields). So a body
 * of one large string weighs about its wire size, and a body of many small values weighs several times its
 * wire size, as it does in the heap. Weighing walks the trees but allocates nothing, and stops counting once past
 * the caller's limit, since the event is dropped then whatever its full weight.
 */
final class EventWeight {

    /** The event or row itself, its message records, ids and short strings. */
    static final long FIXED = 256;
    static final long NODE = 40;

    private EventWeight() {
    }

    /** The weight of {@code event}, or some value above {@code limit} if it weighs more than that. */
    static long of(TrafficEvent event, long limit) {
        return switch (event) {
            case TrafficEvent.Exchange e -> {
                long weight = FIXED + text(e.target()) + headers(e.requestHeaders()) + headers(e.responseHeaders());
                weight = request(e.request(), weight, limit);
                yield response(e.response(), weight, limit);
            }
            case TrafficEvent.Withdrawn w -> request(w.request(), FIXED + text(w.reason()), limit);
            case TrafficEvent.Notification n -> n.notification().params() == null ? FIXED
                    : tree(n.notification().params(), FIXED, limit);
            case TrafficEvent.SessionStarted s -> FIXED + text(s.clientName()) + text(s.clientVersion())
                    + text(s.endpoint());
            case TrafficEvent.SessionEnded s -> FIXED;
            case TrafficEvent.Lifecycle l -> FIXED + text(l.status().lastError());
            case TrafficEvent.Replaced r -> FIXED + text(r.reason());
        };
    }

    /** The weight of a prepared row: its strings and a fixed part. */
    static long of(TrafficRow row) {
        return switch (row) {
            case TrafficRow.Exchange e -> FIXED + text(e.target()) + text(e.errorMessage())
                    + (e.bodies() == null ? 0 : text(e.bodies().requestHeaders()) + text(e.bodies().requestBody())
                    + text(e.bodies().responseHeaders()) + text(e.bodies().responseBody()));
            case TrafficRow.Notification n -> FIXED + text(n.body());
            case TrafficRow.Lifecycle l -> FIXED + text(l.detail());
            case TrafficRow.Session s -> FIXED + text(s.clientName()) + text(s.endpoint());
            case TrafficRow.SessionEnd s -> FIXED;
        };
    }

    private static long request(Message.Request request, long weight, long limit) {
        return request.params() == null ? weight : tree(request.params(), weight, limit);
    }

    private static long response(Message.Response response, long weight, long limit) {
        if (response.error() != null) {
            long withMessage = weight + text(response.error().message());
            return response.error().data() == null ? withMessage : tree(response.error().data(), withMessage, limit);
        }
        return tree(response.result(), weight, limit);
    }

    private static long tree(JsonNode node, long weight, long limit) {
        long total = weight + NODE;
        if (total > limit) {
            return total;
        }
        if (node.isString()) {
            return total + node.stringValue().length();
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                total = tree(field.getValue(), total + field.getKey().length(), limit);
                if (total > limit) {
                    return total;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node.values()) {
                total = tree(element, total, limit);
                if (total > limit) {
                    return total;
                }
            }
        }
        return total;
    }

    private static long headers(List<Map.Entry<String, String>> headers) {
        if (headers == null) {
            return 0;
        }
        long weight = 0;
        for (Map.Entry<String, String> header : headers) {
            weight += NODE + text(header.getKey()) + text(header.getValue());
        }
        return weight;
    }

    private static long text(String text) {
        return text == null ? 0 : text.length();
    }
}
