package dev.gatehouse.cli;

import dev.gatehouse.admin.api.SocketLocation;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every client command shares: which gateway (by its home) and whether to answer in JSON. */
final class GatewayOptions {

    @Option(names = "--home", paramLabel = "DIR",
            description = "The gateway's data directory (default: $GATEHOUSE_HOME, else ~/.gatehouse).")
    String home;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    Path homePath() {
        return SocketLocation.home(home, System::getenv, System.getProperty("user.home"));
    }

    Path socket() {
        return SocketLocation.socket(homePath(), System::getenv);
    }
}
