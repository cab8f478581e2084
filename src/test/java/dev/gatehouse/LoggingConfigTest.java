package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml loads without errors and sends logs to stderr, keeping stdout for command output. */
class LoggingConfigTest {

    @Test
    void shippedLoggingConfigLoadsCleanlyAndWritesToStderr() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        Path config = Path.of(System.getProperty("gatehouse.projectDir", "."), "src/main/resources/logback.xml");
        configurator.doConfigure(config.toFile());
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        var appender = context.getLogger("ROOT").getAppender("STDERR");
        assertThat(appender).isInstanceOf(ch.qos.logback.core.ConsoleAppender.class);
        assertThat(((ch.qos.logback.core.ConsoleAppender<?>) appender).getTarget()).isEqualTo("System.err");
        context.stop();
    }
}
