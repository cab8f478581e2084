package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.protocol.JsonLimits;
import dev.gatehouse.protocol.JsonRpcCodec;
import dev.gatehouse.protocol.Message;
import dev.gatehouse.protocol.RequestId;
import dev.gatehouse.protocol.RpcError;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** The writer's rows: bodies written straight from the messages read exactly as their trees, redacted. */
class RowPreparerTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec(JsonLimits.DEFAULT);
    private static final ValueRedactor VAULT = text -> text.replace("vault-value-1", "[secret:TOKEN]");
    private final Redactor redactor = new Redactor(VAULT, CODEC.mapper());

    static Stream<Message.Request> requests() {
        ObjectNode params = CODEC.mapper().createObjectNode();
        params.put("name", "echo");
        params.putObject("arguments").put("size", 16).put("api_key", "k").put("note", "uses vault-value-1")
                .put("ratio", 1.5).putNull("nothing").putArray("list").add(true).add("ghp_" + "a".repeat(36));
        return Stream.of(new Message.Request(RequestId.of(7), "tools/call", params),
                new Message.Request(RequestId.of("abc-\"1\""), "tools/call", params),
                new Message.Request(RequestId.of(8), "tools/list", null),
                new Message.Request(RequestId.of(9), "odd/vault-value-1", CODEC.mapper().createObjectNode()));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void writesARequestExactlyAsItsRedactedTree(Message.Request request) {
        TrafficRow.Exchange row = prepare(new RowPreparer(redactor, CODEC, 65536), request,
                Message.Response.success(request.id(), CODEC.mapper().createObjectNode().put("done", true)));

        assertThat(row.bodies().requestBody()).isEqualTo(redactor.json(CODEC.toTree(request)));
        assertThat(row.bodies().requestBody()).doesNotContain("vault-value-1", "ghp_aaaa", "\"k\"");
        assertThat(row.requestBytes()).isEqualTo(row.bodies().requestBody().length());
    }

    @Test
    void writesSuccessfulAndErrorAnswersExactlyAsTheirRedactedTrees() {
        Message.Request request = requests().findFirst().orElseThrow();
        ObjectNode result = CODEC.mapper().createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", "token vault-value-1");
        List<Message.Response> answers = List.of(Message.Response.success(request.id(), result),
                Message.Response.failure(request.id(), new RpcError(-32000, "failed with vault-value-1")));
        for (Message.Response answer : answers) {
            TrafficRow.Exchange row = prepare(new RowPreparer(redactor, CODEC, 65536), request, answer);

            assertThat(row.bodies().responseBody()).isEqualTo(redactor.json(CODEC.toTree(answer)));
            assertThat(row.bodies().responseBody()).doesNotContain("vault-value-1");
        }
    }

    @Test
    void cutsAWrittenRequestAtTheBodyLimitButCountsItWhole() {
        Message.Request request = requests().findFirst().orElseThrow();
        String whole = redactor.json(CODEC.toTree(request));

        TrafficRow.Exchange row = prepare(new RowPreparer(redactor, CODEC, 20), request,
                Message.Response.success(request.id(), CODEC.mapper().createObjectNode()));

        assertThat(row.bodies().requestBody()).isEqualTo(whole.substring(0, 20));
        assertThat(row.bodies().truncated()).isTrue();
        assertThat(row.requestBytes()).isEqualTo(whole.length());
    }

    private static TrafficRow.Exchange prepare(RowPreparer preparer, Message.Request request,
                                               Message.Response response) {
        return (TrafficRow.Exchange) preparer.prepare(new TrafficEvent.Exchange("session", "server",
                TrafficEvent.Direction.CLIENT_TO_SERVER, request, response, null, 1, 2, null, -1, 200, true, null));
    }
}
