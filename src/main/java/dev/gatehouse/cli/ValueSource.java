package dev.gatehouse.cli;

import java.io.InputStream;

/**
 * Where {@code secret set} can read a value from: the process's standard input, and the console's prompt that
 * does not echo. Tests supply their own; {@link ConsoleValueSource} is the real one.
 */
interface ValueSource {

    /** True when standard input is a terminal (a person typing), false for a pipe or a file. */
    boolean stdinIsTerminal();

    /** True when a console can prompt without echo (standard input and output are both the terminal). */
    boolean canPromptWithoutEcho();

    /** Prompts and reads a line without echo; null at the end of input. */
    char[] promptWithoutEcho(String prompt);

    InputStream stdin();
}
