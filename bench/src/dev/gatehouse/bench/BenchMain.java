package dev.gatehouse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one benchmark cell and prints one result line. Exit status: 0 for a clean run, 1 when any call failed,
 * 2 when the run could not be set up.
 */
public final class BenchMain {

    private static final String USAGE = """
            usage: BenchMain --target stdio|URL [options] [-- echo server command]
              --target stdio|URL   'stdio' spawns the echo server and drives it directly; a URL is a
                                   Streamable HTTP MCP endpoint on loopback
              --label NAME         target name in the output (default: stdio, or the URL's path)
              --concurrency N      concurrent sessions (default 1)
              --seconds S          measure for S seconds (default 5), or
              --calls N            measure N calls in total
              --warmup S           unrecorded calls for S seconds first (default 2)
              --size N             call the tool with {"size": N} (default 16)
              --tool NAME          tool to call (default echo)
              --args JSON          tool arguments instead of {"size": N}
              --threads platform|virtual   worker threads (default platform: fewer handoffs per call)
              --timeout S          per-call timeout in seconds (default 30)
              --json               print the result as one JSON line instead of a summary
              --json-out FILE      also append the JSON line to FILE
              -- CMD...            with stdio: the server command (default: this JVM running EchoServer)
            """;

    private BenchMain() {
    }

    public static void main(String[] argv) {
        int status;
        try {
            status = run(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            status = 2;
        } catch (IOException e) {
            System.err.println("bench: " + e.getMessage());
            status = 2;
        } catch (InterruptedException e) {
            System.err.println("bench: interrupted");
            status = 2;
        }
        System.exit(status); // workers stuck in a call must not keep the JVM alive
    }

    private static int run(String[] argv) throws IOException, InterruptedException {
        String target = null;
        String label = null;
        int concurrency = 1;
        Duration seconds = null;
        long calls = 0;
        Duration warmup = Duration.ofSeconds(2);
        int size = 16;
        String tool = "echo";
        String args = null;
        boolean virtualThreads = false;
        Duration timeout = Duration.ofSeconds(30);
        boolean json = false;
        Path jsonOut = null;
        List<String> serverCommand = List.of();
        for (int i = 0; i < argv.length; i++) {
            String flag = argv[i];
            if (flag.equals("--")) {
                serverCommand = List.of(Arrays.copyOfRange(argv, i + 1, argv.length));
                break;
            }
            if (flag.equals("--json")) {
                json = true;
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.print(USAGE);
                return 0;
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = argv[++i];
            switch (flag) {
                case "--target" -> target = value;
                case "--label" -> label = value;
                case "--concurrency" -> concurrency = positiveInt(flag, value);
                case "--seconds" -> seconds = seconds(flag, value);
                case "--calls" -> calls = positiveInt(flag, value);
                case "--warmup" -> warmup = seconds(flag, value);
                case "--size" -> size = Integer.parseInt(value);
                case "--tool" -> tool = value;
                case "--args" -> args = value;
                case "--threads" -> virtualThreads = switch (value) {
                    case "virtual" -> true;
                    case "platform" -> false;
                    default -> throw new IllegalArgumentException("--threads must be virtual or platform, got " + value);
                };
                case "--timeout" -> timeout = seconds(flag, value);
                case "--json-out" -> jsonOut = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--target is required");
        }
        if (seconds != null && calls > 0) {
            throw new IllegalArgumentException("give --seconds or --calls, not both");
        }
        if (seconds == null && calls == 0) {
            seconds = Duration.ofSeconds(5);
        }
        ToolCall call = args == null ? ToolCall.echoOfSize(tool, size) : new ToolCall(tool, args);
        int reportedSize = args == null ? size : -1;
        var plan = new LoadRun.Plan(concurrency, warmup, seconds, calls, virtualThreads, timeout.plusSeconds(5));

        RunResult result;
        if (target.equals("stdio")) {
            List<String> command = serverCommand.isEmpty() ? defaultEchoCommand() : serverCommand;
            try (var client = StdioDirectClient.start(command, call, timeout)) {
                result = LoadRun.run(label == null ? "stdio" : label, reportedSize, plan, client::session);
            }
        } else {
            URI endpoint = loopbackEndpoint(target);
            Duration perCall = timeout;
            result = LoadRun.run(label == null ? endpoint.getPath() : label, reportedSize, plan,
                    () -> HttpMcpClient.open(endpoint, call, perCall));
        }

        System.out.println(json ? result.toJson() : result.summary());
        if (result.firstError() != null) {
            System.err.println("bench: first error: " + result.firstError());
        }
        if (jsonOut != null) {
            Files.writeString(jsonOut, result.toJson() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return result.errors() == 0 ? 0 : 1;
    }

    private static List<String> defaultEchoCommand() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoServer.class.getName());
        return command;
    }

    /** The load generator only ever points at this machine. */
    private static URI loopbackEndpoint(String target) throws IOException {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target is neither 'stdio' nor a URL: " + target);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--target URL must be http://HOST:PORT/PATH, got " + target);
        }
        if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("--target must be a loopback address, got host " + uri.getHost());
        }
        return uri;
    }

    private static int positiveInt(String flag, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
        }
        return n;
    }

    private static Duration seconds(String flag, String value) {
        double s = Double.parseDouble(value);
        if (s < 0 || Double.isNaN(s)) {
            throw new IllegalArgumentException(flag + " must be a non-negative number of seconds, got " + value);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
