package dev.gatehouse.cli;

import dev.gatehouse.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One {@code gatehouse} command run in-process against the gateway of {@code home}: its exit code and output. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--home=" + home);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new CliRun(exit, out.toString(), err.toString());
    }
}
