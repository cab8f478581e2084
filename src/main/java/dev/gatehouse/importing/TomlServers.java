package dev.gatehouse.importing;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.vault.UrlReferences;
import java.util.List;
import java.util.Map;

/** Renders imported servers, stdio and remote, as {@code [servers.NAME]} tables to append to config.toml. */
final class TomlServers {

    private TomlServers() {
    }

    static String render(List<ServerConfig> servers) {
        StringBuilder out = new StringBuilder();
        for (ServerConfig server : servers) {
            out.append("\n[servers.").append(server.name()).append("]\n");
            if (server.isRemote()) {
                remote(server, out);
                continue;
            }
            out.append("command = ").append(string(server.command())).append('\n');
            if (!server.args().isEmpty()) {
                out.append("args = [").append(String.join(", ", server.args().stream().map(TomlServers::string)
                        .toList())).append("]\n");
            }
            if (server.cwd() != null) {
                out.append("cwd = ").append(string(server.cwd().toString())).append('\n');
            }
            if (!server.env().isEmpty()) {
                out.append("[servers.").append(server.name()).append(".env]\n");
                for (Map.Entry<String, String> variable : server.env().entrySet()) {
                    out.append(variable.getKey()).append(" = ").append(string(variable.getValue())).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The url with its references written as {@code ${secret:NAME}}, the transport unless auto, the headers. */
    private static void remote(ServerConfig server, StringBuilder out) {
        ServerConfig.Remote remote = server.remote();
        out.append("url = ").append(string(UrlReferences.decoded(remote.url().toString()))).append('\n');
        if (remote.transport() != ServerConfig.RemoteTransport.AUTO) {
            out.append("transport = ").append(string(remote.transport().label())).append('\n');
        }
        if (!remote.headers().isEmpty()) {
            out.append("[servers.").append(server.name()).append(".headers]\n");
            for (Map.Entry<String, String> header : remote.headers().entrySet()) {
                out.append(string(header.getKey())).append(" = ").append(string(header.getValue())).append('\n');
            }
        }
    }

    /** A TOML basic string. */
    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
