package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ConfigProblemView;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that asks the running gateway something: it resolves the socket, runs, and turns a failure into its
 * message and exit code (1 failed, 2 usage, 3 gateway not running).
 */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions options;

    @Spec
    CommandSpec spec;

    /** Does the command's work; the return value is the exit code. */
    abstract int run(ApiClient api, Printer out) throws CliFailure;

    @Override
    public final Integer call() {
        Printer out = new Printer(spec.commandLine().getOut(), options.json);
        PrintWriter err = spec.commandLine().getErr();
        try (ApiClient api = new ApiClient(options.socket())) {
            return run(api, out);
        } catch (CliFailure failure) {
            err.println("gatehouse: " + failure.getMessage());
            if (failure.problem() != null && failure.problem().problems() != null) {
                failure.problem().problems().stream().map(ConfigProblemView::text).forEach(err::println);
            }
            return failure.exitCode();
        } catch (IllegalStateException e) {
            err.println("gatehouse: " + e.getMessage());
            return CliFailure.USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
