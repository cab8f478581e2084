package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.protocol.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ArgumentValidationPolicyTest {

    private static final String ADD = """
            {"name":"add","description":"Adds","inputSchema":{"type":"object","properties":{
              "a":{"type":"integer"},"b":{"type":"integer","minimum":0}},"required":["a","b"],
              "additionalProperties":false},
             "outputSchema":{"type":"object","properties":{"sum":{"type":"integer"}},"required":["sum"]}}""";

    private final Map<String, List<ObjectNode>> served = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final ToolCatalog catalog = new ToolCatalog(server -> {
        fetches.incrementAndGet();
        return CompletableFuture.completedFuture(served.getOrDefault(server, List.of()));
    });
    private final ArgumentValidationPolicy policy = new ArgumentValidationPolicy(catalog);
    private final AtomicInteger forwarded = new AtomicInteger();

    ArgumentValidationPolicyTest() {
        served.put("math", List.of(PolicyCalls.tool(ADD)));
    }

    private Message.Response call(String arguments, String structuredResult) {
        return policy.apply(PolicyCalls.toolCall("s", "math__add", arguments), c -> {
            forwarded.incrementAndGet();
            return CompletableFuture.completedFuture(Message.Response.success(c.request().id(),
                    PolicyCalls.JSON.readTree(structuredResult)));
        }).join();
    }

    private static String text(Message.Response response) {
        assertThat(response.result().path("isError").asBoolean()).isTrue();
        return response.result().path("content").get(0).path("text").asString();
    }

    @Test
    void forwardsValidArgumentsAndAMatchingStructuredResult() {
        Message.Response response = call("{\"a\":1,\"b\":2}", "{\"content\":[],\"structuredContent\":{\"sum\":3}}");
        assertThat(response.result().path("structuredContent").path("sum").asInt()).isEqualTo(3);
        assertThat(forwarded).hasValue(1);
    }

    @Test
    void refusesInvalidArgumentsAsAToolErrorWithoutForwarding() {
        assertThat(text(call("{\"a\":\"one\",\"b\":2}", "{}"))).startsWith("Invalid arguments for tool 'math__add'")
                .contains("a");
        assertThat(text(call("{\"a\":1}", "{}"))).contains("b");
        assertThat(text(call("{\"a\":1,\"b\":-1}", "{}"))).contains("b");
        assertThat(text(call("{\"a\":1,\"b\":2,\"c\":3}", "{}"))).contains("c");
        assertThat(text(call("[1,2]", "{}"))).contains("must be an object");
        assertThat(forwarded).hasValue(0);
    }

    @Test
    void refusesStructuredContentThatBreaksTheOutputSchema() {
        assertThat(text(call("{\"a\":1,\"b\":2}", "{\"content\":[],\"structuredContent\":{\"sum\":\"3\"}}")))
                .contains("does not match the outputSchema");
        assertThat(text(call("{\"a\":1,\"b\":2}", "{\"content\":[]}"))).contains("no structuredContent");
    }

    @Test
    void passesAServersOwnToolErrorUnchecked() {
        Message.Response response = call("{\"a\":1,\"b\":2}", "{\"content\":[],\"isError\":true}");
        assertThat(response.result().path("isError").asBoolean()).isTrue();
        assertThat(response.result().path("content").isEmpty()).isTrue();
    }

    @Test
    void fetchesTheToolListOnceAndCompilesEachSchemaOnce() {
        for (int i = 0; i < 50; i++) {
            call("{\"a\":" + i + ",\"b\":2}", "{\"content\":[],\"structuredContent\":{\"sum\":1}}");
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void neverFetchesARemoteRefWhileCompiling() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"type\":\"integer\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String ref = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            served.put("remote", List.of(PolicyCalls.tool("{\"name\":\"r\",\"inputSchema\":{\"type\":\"object\","
                    + "\"properties\":{\"x\":{\"$ref\":\"" + ref + "\"}}}}")));
            Message.Response response = policy.apply(PolicyCalls.toolCall("s", "remote__r", "{\"x\":1}"),
                    PolicyCalls::ok).join();
            assertThat(text(response)).contains("not a usable JSON Schema");
            assertThat(hits).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void validatesADraft07SchemaAsItsOwnDialect() {
        served.put("old", List.of(PolicyCalls.tool("{\"name\":\"t\",\"inputSchema\":{\"$schema\":"
                + "\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{\"n\":"
                + "{\"type\":\"number\"}},\"required\":[\"n\"]}}")));
        JsonNode ok = policy.apply(PolicyCalls.toolCall("s", "old__t", "{\"n\":1.5}"), PolicyCalls::ok).join().result();
        assertThat(ok.path("isError").asBoolean(false)).isFalse();
        JsonNode bad = policy.apply(PolicyCalls.toolCall("s", "old__t", "{}"), PolicyCalls::ok).join().result();
        assertThat(bad.path("isError").asBoolean()).isTrue();
    }

    @Test
    void costsMicrosecondsPerCallOnceCompiled() {
        PolicyCall call = PolicyCalls.toolCall("s", "math__add", "{\"a\":1,\"b\":2}");
        Message.Response answer = Message.Response.success(call.request().id(),
                PolicyCalls.JSON.readTree("{\"content\":[],\"structuredContent\":{\"sum\":3}}"));
        Policy.Next server = c -> CompletableFuture.completedFuture(answer);
        for (int i = 0; i < 20_000; i++) {
            policy.apply(call, server).join();
        }
        int rounds = 50_000;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            policy.apply(call, server).join();
        }
        long perCallNanos = (System.nanoTime() - start) / rounds;
        System.out.println("argument and output validation: " + perCallNanos / 1000.0 + " µs per call");
        // Generous bound for a loaded CI machine; the figure printed above is what the docs quote.
        assertThat(perCallNanos).isLessThan(1_000_000);
    }
}
