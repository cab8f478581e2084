package dev.gatehouse.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The process's own standard input and console. Whether standard input is a terminal is asked of the C library
 * ({@code isatty(0)}, through the FFM API): the JDK's {@link System#console()} exists only when standard input
 * and output are both a terminal, so it cannot tell a pipe from a terminal whose output is redirected, and only
 * the first may be read without a no-echo prompt. Where {@code isatty} is not found, a console is taken to mean a
 * terminal.
 */
final class ConsoleValueSource implements ValueSource {

    private static final int STDIN = 0;

    @Override
    public boolean stdinIsTerminal() {
        return isatty(STDIN).orElseGet(this::canPromptWithoutEcho);
    }

    @Override
    public boolean canPromptWithoutEcho() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public char[] promptWithoutEcho(String prompt) {
        Console console = System.console();
        if (console == null) {
            throw new IllegalStateException("no console to prompt on");
        }
        return console.readPassword("%s", prompt);
    }

    @Override
    public InputStream stdin() {
        return System.in;
    }

    private static Optional<Boolean> isatty(int fd) {
        Linker linker = Linker.nativeLinker();
        Optional<MethodHandle> isatty;
        try {
            isatty = linker.defaultLookup().find("isatty").map(symbol -> linker.downcallHandle(symbol,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        } catch (IllegalCallerException nativeAccessDenied) {
            return Optional.empty();
        }
        if (isatty.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((int) isatty.get().invokeExact(fd) == 1);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("isatty cannot throw a checked exception", e);
        }
    }
}
