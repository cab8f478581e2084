package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the golden files cannot show: files on disk, and the shape of problems and exceptions. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void rendersAProblemAsFileLineColumnAndMessage() {
        assertThat(new ConfigProblem("config.toml", 3, 7, "bad").toString()).isEqualTo("config.toml:3:7: bad");
    }

    @Test
    void namesTheCandidateFileInEveryProblem() throws IOException {
        Path candidate = Files.writeString(dir.resolve("config.toml.new"), "[gateway]\nprot = 1\n");

        List<ConfigProblem> problems = ConfigLoader.validate(candidate);

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "config.toml.new:2:1: unknown key 'prot' in [gateway]; expected one of: port, max_body_bytes,"
                        + " max_json_depth, max_sessions, session_idle_minutes, shutdown_grace_seconds, require_token,"
                        + " approve_new_tools");
    }

    @Test
    void findsNoProblemInAValidCandidate() throws IOException {
        Path candidate = Files.writeString(dir.resolve("config.toml"), "[servers.a]\ncommand = \"a\"\n");

        assertThat(ConfigLoader.validate(candidate)).isEmpty();
    }

    @Test
    void throwsOneExceptionCarryingEveryProblemInFileOrder() {
        String text = "[servers.b]\ncwd = \"x\"\n[gateway]\nport = -5\n";

        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(1, 2, 4);
                    assertThat(e.getMessage()).isEqualTo(String.join("\n",
                            e.problems().stream().map(ConfigProblem::toString).toList()));
                });
    }

    @Test
    void reportsAMissingFileAsAProblemWithTheWholeFile() {
        List<ConfigProblem> problems = ConfigLoader.validate(dir.resolve("config.toml"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isZero();
            assertThat(problem.toString()).startsWith("config.toml: cannot read ").contains("NoSuchFileException");
        });
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("config.toml"), new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThat(ConfigLoader.validate(file)).extracting(ConfigProblem::toString)
                .containsExactly("config.toml: file is not valid UTF-8");
    }

    @Test
    void refusesAnOversizedFileWithoutParsingIt() throws IOException {
        Path file = Files.write(dir.resolve("config.toml"), new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1]);

        assertThat(ConfigLoader.validate(file)).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("at most " + ConfigLoader.MAX_FILE_BYTES));
    }

    @Test
    void neverEchoesAStringValueInAProblem() {
        String text = "[servers.a]\ncommand = \"a\"\ncwd = 1\nenv = { TOKEN = 12, \"BAD NAME\" = \"s3cret\" }\n";

        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void keepsServersInFileOrder() throws ConfigException {
        String text = "[servers.zeta]\ncommand = \"z\"\n[servers.alpha]\ncommand = \"a\"\n[servers.mid]\ncommand = \"m\"\n";

        GatewayConfig config = ConfigLoader.parse("config.toml", text);

        assertThat(config.servers()).extracting(ServerConfig::name).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void neverEchoesAUrlOrAHeaderValueInAProblem() {
        String text = "[servers.a]\nurl = \"http://example.com/mcp?key=s3cret-url\"\n"
                + "headers = { \"X-Key\" = \"s3cret-header\\n\" }\n";

        assertThatThrownBy(() -> ConfigLoader.parse("config.toml", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).doesNotContain("s3cret");
                });
    }

    @Test
    void readsARemoteServerWithItsEndpoint() throws Exception {
        GatewayConfig config = ConfigLoader.parse("config.toml",
                "[servers.r]\nurl = \"https://mcp.example.com/mcp\"\nheaders = { X-A = \"value-1\" }\n");

        ServerConfig server = config.server("r").orElseThrow();
        assertThat(server.isRemote()).isTrue();
        assertThat(server.command()).isNull();
        assertThat(server.remote().url()).hasToString("https://mcp.example.com/mcp");
        assertThat(server.remote().headers()).containsExactly(java.util.Map.entry("X-A", "value-1"));
        assertThat(server.remote().transport()).isEqualTo(ServerConfig.RemoteTransport.AUTO);
        assertThat(server.remote().toString()).doesNotContain("value-1").contains("X-A");
    }
}
