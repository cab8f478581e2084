package dev.gatehouse.cli;

import dev.gatehouse.admin.api.ProblemDetails;
import java.nio.file.Path;

/** Why a command could not be done, with the exit code it ends with. The message is for the user. */
final class CliFailure extends Exception {

    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_RUNNING = 3;

    private final int exitCode;
    private final transient ProblemDetails problem;

    private CliFailure(String message, int exitCode, ProblemDetails problem) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.problem = problem;
    }

    static CliFailure notRunning(Path socket) {
        return new CliFailure("the gateway is not running (no answer on " + socket + "); start it with"
                + " 'gatehouse serve'", NOT_RUNNING, null);
    }

    static CliFailure problem(ProblemDetails problem) {
        return new CliFailure(problem.detail() == null ? problem.title() : problem.detail(), FAILURE, problem);
    }

    static CliFailure io(String message) {
        return new CliFailure(message, FAILURE, null);
    }

    static CliFailure usage(String message) {
        return new CliFailure(message, USAGE, null);
    }

    int exitCode() {
        return exitCode;
    }

    /** The API's problem details, or null when the failure happened before an answer. */
    ProblemDetails problem() {
        return problem;
    }
}
