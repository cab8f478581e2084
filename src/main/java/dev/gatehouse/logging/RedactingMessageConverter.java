package dev.gatehouse.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %redactedMsg}: the formatted message with vault values replaced, for log lines that quote what a server
 * wrote (a stdout line that is not JSON-RPC, a stderr line at debug).
 */
public final class RedactingMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogRedaction.redact(event.getFormattedMessage());
    }
}
