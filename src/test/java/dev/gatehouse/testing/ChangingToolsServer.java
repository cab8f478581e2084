package dev.gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An MCP stdio server whose tools change while it runs, for rug-pull tests: every {@code tools/list} answers the
 * JSON array in the file named by its one argument, as the file reads at that moment. {@code tools/call} answers
 * {@code called NAME}. Run as a real child process.
 */
public final class ChangingToolsServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChangingToolsServer() {
    }

    public static void main(String[] args) throws IOException {
        Path tools = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonNode message = JSON.readTree(line);
            JsonNode id = message.get("id");
            String method = message.path("method").asString("");
            if (id == null || method.isEmpty()) {
                continue;
            }
            ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", id);
            ObjectNode result = reply.putObject("result");
            switch (method) {
                case "initialize" -> {
                    result.put("protocolVersion", message.path("params").path("protocolVersion").asString());
                    result.putObject("capabilities").putObject("tools").put("listChanged", true);
                    result.putObject("serverInfo").put("name", "changing-tools").put("version", "1");
                }
                case "tools/list" -> result.set("tools", JSON.readTree(Files.readString(tools)));
                case "tools/call" -> result.putArray("content").addObject().put("type", "text")
                        .put("text", "called " + message.path("params").path("name").asString());
                default -> { }
            }
            out.println(JSON.writeValueAsString(reply));
        }
    }

    /** A {@code [servers.NAME]} table running this server on {@code toolsFile}. */
    public static String serverTable(String name, Path toolsFile, String... extraLines) {
        return GatewayHome.javaServer(name, GatewayHome.javaCommand(ChangingToolsServer.class.getName(),
                toolsFile.toString()), extraLines);
    }
}
