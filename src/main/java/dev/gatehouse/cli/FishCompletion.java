package dev.gatehouse.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** A fish completion script for a picocli command tree: subcommands where they fit, then each one's options. */
final class FishCompletion {

    private FishCompletion() {
    }

    static String script(CommandLine root) {
        StringBuilder fish = new StringBuilder("# fish completion for gatehouse\ncomplete -c gatehouse -f\n");
        describe(fish, root, List.of());
        return fish.toString();
    }

    private static void describe(StringBuilder fish, CommandLine command, List<String> path) {
        String condition = path.isEmpty() ? "__fish_use_subcommand"
                : "__fish_seen_subcommand_from " + path.getLast();
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            fish.append("complete -c gatehouse -n '").append(condition).append("' -a ").append(sub.getKey())
                    .append(" -d ").append(quote(first(sub.getValue().getCommandSpec().usageMessage()
                            .description()))).append('\n');
        }
        for (OptionSpec option : command.getCommandSpec().options()) {
            StringBuilder line = new StringBuilder("complete -c gatehouse");
            if (!path.isEmpty()) {
                line.append(" -n '__fish_seen_subcommand_from ").append(path.getLast()).append("'");
            }
            for (String name : option.names()) {
                line.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
            }
            if (option.arity().max() > 0) {
                line.append(" -r");
            }
            fish.append(line).append(" -d ").append(quote(first(option.description()))).append('\n');
        }
        command.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new java.util.ArrayList<>(path);
            deeper.add(name);
            describe(fish, sub, deeper);
        });
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
