package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ActionResult;
import dev.gatehouse.admin.api.ProfileMember;
import dev.gatehouse.admin.api.ProfileSpec;
import dev.gatehouse.admin.api.ProfileSummary;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse profile …}: the named subsets of servers that clients reach at {@code /p/NAME/mcp}. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Look at and change the profiles: named subsets of the servers, each with its own endpoint"
                + " /p/NAME/mcp. Changes are written to config.toml.",
        subcommands = {ProfileCommand.ListProfiles.class, ProfileCommand.Show.class, ProfileCommand.Add.class,
                ProfileCommand.Remove.class})
public final class ProfileCommand {

    private ProfileCommand() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the profiles and their URLs.")
    static final class ListProfiles extends ApiCommand {
        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            List<ProfileSummary> profiles = List.of(api.get("/api/profiles", ProfileSummary[].class));
            if (out.json()) {
                out.json(profiles);
            } else {
                print(out, profiles);
            }
            return 0;
        }
    }

    /** The profiles as a table: name, servers, URL, description. */
    static void print(Printer out, List<ProfileSummary> profiles) {
        out.table(List.of("PROFILE", "SERVERS", "URL", "DESCRIPTION"), profiles.stream().map(p -> List.of(p.name(),
                p.servers().stream().map(ProfileMember::name).collect(Collectors.joining(",")), p.url(),
                p.description() == null ? "" : p.description())).toList());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one profile: its URL and its servers with their states.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            ProfileSummary profile = api.get("/api/profiles/" + name, ProfileSummary.class);
            if (out.json()) {
                out.json(profile);
                return 0;
            }
            out.line(profile.name() + (profile.description() == null ? "" : " — " + profile.description()));
            out.line("  url:      " + profile.url());
            out.line("  connect:  gatehouse connect --profile " + profile.name());
            out.line("");
            out.table(List.of("SERVER", "STATE"), profile.servers().stream()
                    .map(m -> List.of(m.name(), m.state())).toList());
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a profile to config.toml; the gateway serves it at once.")
    static final class Add extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME",
                description = "The profile's name: 1 to 63 letters, digits, '_' or '-'.")
        String name;

        @Option(names = {"-s", "--server"}, paramLabel = "SERVER", required = true,
                description = "A server the profile shows (repeat for each).")
        List<String> servers;

        @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "What the profile is for.")
        String description;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            return report(out, api.post("/api/profiles", new ProfileSpec(name, description, servers),
                    ActionResult.class));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a profile from config.toml; its open sessions end.")
    static final class Remove extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        int run(ApiClient api, Printer out) throws CliFailure {
            return report(out, api.delete("/api/profiles/" + name, ActionResult.class));
        }
    }

    private static int report(Printer out, ActionResult result) {
        if (out.json()) {
            out.json(result);
        } else {
            out.line(result.message());
        }
        return 0;
    }
}
