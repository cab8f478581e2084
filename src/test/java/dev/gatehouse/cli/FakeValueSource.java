package dev.gatehouse.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ValueSource} for in-process CLI tests: piped bytes, or a terminal with or without a console whose
 * no-echo prompt answers {@code typed}. Records the prompts shown and whether standard input was read.
 */
final class FakeValueSource implements ValueSource {

    private final boolean terminal;
    private final boolean console;
    private final String typed;
    private final byte[] piped;
    final List<String> prompts = new ArrayList<>();
    boolean stdinRead;

    private FakeValueSource(boolean terminal, boolean console, String typed, byte[] piped) {
        this.terminal = terminal;
        this.console = console;
        this.typed = typed;
        this.piped = piped;
    }

    static FakeValueSource piped(String value) {
        return new FakeValueSource(false, false, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static FakeValueSource typed(String value) {
        return new FakeValueSource(true, true, value, new byte[0]);
    }

    static FakeValueSource terminalWithoutConsole() {
        return new FakeValueSource(true, false, null, new byte[0]);
    }

    @Override
    public boolean stdinIsTerminal() {
        return terminal;
    }

    @Override
    public boolean canPromptWithoutEcho() {
        return console;
    }

    @Override
    public char[] promptWithoutEcho(String prompt) {
        prompts.add(prompt);
        return typed == null ? null : typed.toCharArray();
    }

    @Override
    public InputStream stdin() {
        stdinRead = true;
        return new ByteArrayInputStream(piped);
    }
}
