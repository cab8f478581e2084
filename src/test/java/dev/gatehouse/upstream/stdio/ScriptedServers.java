package dev.gatehouse.upstream.stdio;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.testing.ScriptedStdioServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Configs that launch {@link ScriptedStdioServer} (or a shell around it) as a real child JVM. */
public final class ScriptedServers {

    static final String NAME = "scripted";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ScriptedServers() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** The JVM command line of the scripted server, fast to start. */
    public static List<String> javaCommand(String... serverArgs) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xss512k", "-cp", classpath, ScriptedStdioServer.class.getName()));
        command.addAll(List.of(serverArgs));
        return command;
    }

    static ServerConfig config(Map<String, String> env, Duration timeout, String... serverArgs) {
        List<String> command = javaCommand(serverArgs);
        return new ServerConfig(NAME, command.getFirst(), command.subList(1, command.size()), env, null, true,
                timeout);
    }

    static ServerConfig config(String... serverArgs) {
        return config(Map.of(), Duration.ofSeconds(20), serverArgs);
    }

    /** Tool arguments as a JSON object. */
    static ObjectNode arguments(Map<String, ?> fields) {
        return JSON.valueToTree(fields);
    }
}
