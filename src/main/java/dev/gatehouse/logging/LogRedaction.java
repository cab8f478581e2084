package dev.gatehouse.logging;

import dev.gatehouse.vault.Redactor;

/**
 * The redactor the log converters use. Logback instantiates converters itself from logback.xml, so they cannot be
 * handed one: the composition root installs the gateway's redactor here once the vault is open. Until then (and
 * in processes without a vault) the redactor is empty and log lines pass unchanged.
 */
public final class LogRedaction {

    private static volatile Redactor redactor = new Redactor();

    private LogRedaction() {
    }

    public static void install(Redactor gatewayRedactor) {
        redactor = gatewayRedactor;
    }

    static String redact(String text) {
        return redactor.redact(text);
    }
}
