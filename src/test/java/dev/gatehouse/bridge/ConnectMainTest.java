package dev.gatehouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

class ConnectMainTest {

    @Test
    void readsTheUsualArgumentsWithoutPicocli() {
        Optional<ConnectCommand> parsed = ConnectMain.parse(new String[] {"--server", "github", "--start",
                "--home=/tmp/h"});
        assertThat(parsed).hasValueSatisfying(command -> {
            assertThat(command.server).isEqualTo("github");
            assertThat(command.start).isTrue();
            assertThat(command.home).isEqualTo("/tmp/h");
        });
        assertThat(ConnectMain.parse(new String[] {"--profile=coding"})).hasValueSatisfying(command -> {
            assertThat(command.profile).isEqualTo("coding");
            assertThat(command.server).isNull();
        });
        assertThat(ConnectMain.parse(new String[0])).hasValueSatisfying(command -> {
            assertThat(command.server).isNull();
            assertThat(command.start).isFalse();
        });
    }

    @Test
    void leavesHelpVersionAndMistakesToPicocli() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"-V"}, {"--server"}, {"--server", "--start"},
                {"--bogus"}, {"--start", "--start"}, {"--start=yes"}, {"--home", "a", "--home", "b"}, {"extra"},
                {"--profile"}, {"--profile", "a", "--profile", "b"}}) {
            assertThat(ConnectMain.parse(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    /** The light parser and the command's picocli options must never drift apart. */
    @Test
    void understandsEveryOptionTheCommandDeclares() {
        for (Field field : ConnectCommand.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            for (String name : option.names()) {
                String[] args = field.getType() == boolean.class ? new String[] {name} : new String[] {name, "value"};
                assertThat(ConnectMain.parse(args)).as(name).isPresent();
            }
        }
    }
}
