package dev.gatehouse.policy;

import dev.gatehouse.config.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The approved definition of every pinned tool, per server, kept in {@code tool-pins.json} in the home (0600,
 * written atomically). The approved definition is stored whole, not just its hash, so that a later change can
 * be shown as a diff. One lock guards the table and the file: approvals are rare and the file is small.
 */
public final class ToolPins {

    public static final String FILE_NAME = "tool-pins.json";

    /** One approved tool. */
    public record Pin(String sha256, ObjectNode definition, String approvedAt) {
    }

    private final Path file;
    private final InstantSource clock;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<String, Map<String, Pin>> servers = new LinkedHashMap<>();

    private ToolPins(Path file, InstantSource clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Pins kept only in memory, for a gateway run without a home (tests, embedding). */
    public static ToolPins inMemory(InstantSource clock) {
        return new ToolPins(null, clock);
    }

    /** Loads the pins from {@code file}, or starts empty when it does not exist yet. */
    public static ToolPins load(Path file, InstantSource clock) throws IOException {
        ToolPins pins = new ToolPins(file, clock);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return pins;
        }
        try {
            JsonNode root = pins.mapper.readTree(bytes);
            for (Map.Entry<String, JsonNode> server : root.path("servers").properties()) {
                Map<String, Pin> tools = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> tool : server.getValue().properties()) {
                    JsonNode pin = tool.getValue();
                    if (pin.path("definition") instanceof ObjectNode definition) {
                        tools.put(tool.getKey(), new Pin(pin.path("sha256").asString(""), definition,
                                pin.path("approvedAt").asString("")));
                    }
                }
                pins.servers.put(server.getKey(), tools);
            }
        } catch (JacksonException e) {
            throw new IOException(file + " is not a valid pin file: " + e.getOriginalMessage(), e);
        }
        return pins;
    }

    public synchronized Optional<Pin> pin(String server, String tool) {
        return Optional.ofNullable(servers.getOrDefault(server, Map.of()).get(tool));
    }

    /** Whether any tool of the server was ever pinned. */
    public synchronized boolean knows(String server) {
        return servers.containsKey(server);
    }

    /** Pins {@code definition} as approved now and saves the file before returning. */
    public synchronized void approve(ToolDefinition definition) {
        servers.computeIfAbsent(definition.server(), s -> new LinkedHashMap<>()).put(definition.name(),
                new Pin(definition.sha256(), definition.definition(), clock.instant().toString()));
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode root = mapper.createObjectNode();
        root.put("version", 1);
        ObjectNode serversNode = root.putObject("servers");
        servers.forEach((server, tools) -> {
            ObjectNode toolsNode = serversNode.putObject(server);
            tools.forEach((name, pin) -> toolsNode.putObject(name).put("sha256", pin.sha256())
                    .put("approvedAt", pin.approvedAt()).set("definition", pin.definition()));
        });
        try {
            AtomicFile.write(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
