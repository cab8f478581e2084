package dev.gatehouse;

import dev.gatehouse.cli.AuthCommand;
import dev.gatehouse.bridge.ConnectCommand;
import dev.gatehouse.cli.CompletionCommand;
import dev.gatehouse.cli.ConfigCommand;
import dev.gatehouse.cli.DoctorCommand;
import dev.gatehouse.cli.ImportCommand;
import dev.gatehouse.cli.LogsCommand;
import dev.gatehouse.cli.SecretCommand;
import dev.gatehouse.cli.ProfileCommand;
import dev.gatehouse.cli.ServerCommand;
import dev.gatehouse.cli.StatusCommand;
import dev.gatehouse.cli.TokenCommand;
import dev.gatehouse.cli.ToolsCommand;
import dev.gatehouse.probe.ProbeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} command. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A local-first, security-first MCP gateway.",
        subcommands = {ServeCommand.class, StatusCommand.class, ServerCommand.class, SecretCommand.class,
                AuthCommand.class, ImportCommand.class, ConfigCommand.class, LogsCommand.class, DoctorCommand.class,
                ProbeCommand.class, CompletionCommand.class, ToolsCommand.class, TokenCommand.class,
                ConnectCommand.class, ProfileCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gatehouse " + ClientIdentity.VERSION};
        }
    }
}
