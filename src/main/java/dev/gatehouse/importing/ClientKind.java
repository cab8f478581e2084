package dev.gatehouse.importing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MCP clients {@code gatehouse import} reads, and where each keeps its config on each OS. Formats and
 * locations as the clients document them:
 * <ul>
 * <li>Claude Desktop: {@code claude_desktop_config.json} with a top-level {@code mcpServers} object, in
 *     {@code ~/Library/Application Support/Claude/} (macOS) and {@code %APPDATA%\Claude\} (Windows); the Linux
 *     builds use {@code $XDG_CONFIG_HOME/Claude/} (modelcontextprotocol.io quickstart; playwright.dev/mcp/clients).
 * <li>Cursor: {@code ~/.cursor/mcp.json} (global) and {@code .cursor/mcp.json} (project), {@code mcpServers}
 *     (cursor.com/docs/mcp).
 * <li>VS Code: {@code mcp.json} with a top-level {@code servers} object (and {@code inputs}), in the user profile
 *     ({@code ~/.config/Code/User/}, {@code ~/Library/Application Support/Code/User/}, {@code %APPDATA%\Code\User\})
 *     or {@code .vscode/mcp.json}; before 1.102 the same object sat under {@code mcp.servers} in settings.json
 *     (code.visualstudio.com/docs/copilot/reference/mcp-configuration).
 * <li>Claude Code: {@code ~/.claude.json}, user scope under {@code mcpServers} and local scope under
 *     {@code projects.<path>.mcpServers}; project scope in {@code .mcp.json} at the project root
 *     (docs.anthropic.com/en/docs/claude-code/mcp, "scopes").
 * </ul>
 */
public enum ClientKind {
    CLAUDE_DESKTOP("claude-desktop"),
    CURSOR("cursor"),
    VSCODE("vscode"),
    CLAUDE_CODE("claude-code");

    private final String label;

    ClientKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The client named on the command line ({@code claude-desktop}, …), if it is one. */
    public static java.util.Optional<ClientKind> byLabel(String label) {
        for (ClientKind kind : values()) {
            if (kind.label.equals(label)) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }

    /** Where this client's config files may be, most specific first, for {@code os} ("linux", "mac", "windows"). */
    public List<Path> locations(String os, Path userHome, Map<String, String> environment, Path workingDirectory) {
        List<Path> paths = new ArrayList<>();
        Path appData = environment.containsKey("APPDATA") ? Path.of(environment.get("APPDATA"))
                : userHome.resolve("AppData/Roaming");
        Path xdgConfig = environment.containsKey("XDG_CONFIG_HOME") ? Path.of(environment.get("XDG_CONFIG_HOME"))
                : userHome.resolve(".config");
        Path macSupport = userHome.resolve("Library/Application Support");
        switch (this) {
            case CLAUDE_DESKTOP -> paths.add(switch (os) {
                case "mac" -> macSupport.resolve("Claude/claude_desktop_config.json");
                case "windows" -> appData.resolve("Claude/claude_desktop_config.json");
                default -> xdgConfig.resolve("Claude/claude_desktop_config.json");
            });
            case CURSOR -> {
                paths.add(workingDirectory.resolve(".cursor/mcp.json"));
                paths.add(userHome.resolve(".cursor/mcp.json"));
            }
            case VSCODE -> {
                Path user = switch (os) {
                    case "mac" -> macSupport.resolve("Code/User");
                    case "windows" -> appData.resolve("Code/User");
                    default -> xdgConfig.resolve("Code/User");
                };
                paths.add(workingDirectory.resolve(".vscode/mcp.json"));
                paths.add(user.resolve("mcp.json"));
                paths.add(user.resolve("settings.json"));
            }
            case CLAUDE_CODE -> {
                paths.add(workingDirectory.resolve(".mcp.json"));
                paths.add(userHome.resolve(".claude.json"));
            }
        }
        return paths;
    }
}
