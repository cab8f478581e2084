package dev.gatehouse.testing;

import dev.gatehouse.RunningGateway;
import dev.gatehouse.admin.api.SocketLocation;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.HomeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway home for tests: a private directory with a config.toml, and a gateway serving it with its management
 * socket (under HOME/run, never the machine's XDG runtime directory) and config watcher.
 */
public final class GatewayHome {

    private final Path root;

    public GatewayHome(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve("config.toml");
    }

    public Path socket() {
        return SocketLocation.socket(root, name -> null);
    }

    public GatewayHome write(String configText) throws IOException {
        Files.createDirectories(root);
        Files.writeString(configFile(), configText);
        return this;
    }

    /** Starts a gateway on this home on a free port, with every other setting as config.toml has it. */
    public RunningGateway start() throws Exception {
        HomeLayout layout = HomeLayout.at(root).prepare();
        var config = ConfigLoader.load(layout.configFile());
        return RunningGateway.start(config.withGateway(config.gateway().withPort(0)), layout, socket());
    }

    /** A {@code [servers.NAME]} table running {@link ScriptedStdioServer} as a real child JVM. */
    public static String scriptedServer(String name, String... extraLines) {
        return javaServer(name, javaCommand(ScriptedStdioServer.class.getName()), extraLines);
    }

    /** A {@code [servers.NAME]} table running {@code command} (see {@link #javaCommand}) as a real child. */
    public static String javaServer(String name, List<String> command, String... extraLines) {
        StringBuilder toml = new StringBuilder("[servers.").append(name).append("]\n")
                .append("command = ").append(quote(command.getFirst())).append('\n')
                .append("args = [").append(String.join(", ", command.subList(1, command.size()).stream()
                        .map(GatewayHome::quote).toList())).append("]\n");
        for (String line : extraLines) {
            toml.append(line).append('\n');
        }
        return toml.toString();
    }

    /** The command line that runs {@code mainClass} from the test classpath in a quick-starting JVM. */
    public static List<String> javaCommand(String mainClass, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return command;
    }

    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
