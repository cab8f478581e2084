package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edits of config.toml keep everything the user wrote apart from the one server changed. */
class ConfigEditorTest {

    private static final String TEXT = """
            # My gateway.
            [gateway]
            port = 9470 # the usual port

            # GitHub, for issues.
            [servers.github]
            command = "github-mcp"
            args = ["--read-only"]

            [servers.github.env]
            LOG = "info"

            # Notes; keep this one last.
            [servers.notes]
            command = "notes"   # local
            enabled = true
            """;

    private static ConfigEditor editor() throws ConfigException {
        return ConfigEditor.of("config.toml", TEXT);
    }

    @Test
    void addsATableAtTheEndKeepingEverythingElse() throws Exception {
        ServerConfig docs = new ServerConfig("docs", null, List.of(), Map.of(), null, true,
                ServerConfig.DEFAULT_TIMEOUT, new ServerConfig.Remote(URI.create("https://mcp.example.com/mcp"),
                Map.of("X-Team", "docs"), ServerConfig.RemoteTransport.AUTO),
                ServerConfig.Supervision.DEFAULTS);

        String edited = editor().add(docs);

        assertThat(edited).startsWith(TEXT).endsWith("""
                enabled = true

                [servers.docs]
                url = "https://mcp.example.com/mcp"
                headers = { X-Team = "docs" }
                """);
    }

    @Test
    void aRemoteServersSecretReferencesAreWrittenAsTheUserWouldWriteThemAndReadBackTheSame() throws Exception {
        GatewayConfig parsed = ConfigLoader.parse("config.toml", """
                [servers.docs]
                url = "https://mcp.example.com/mcp?key=${secret:docs-key}"
                headers = { Authorization = "Bearer ${secret:docs-token}" }
                """);

        String edited = ConfigEditor.of("config.toml", "").add(parsed.server("docs").orElseThrow());

        assertThat(edited).contains("url = \"https://mcp.example.com/mcp?key=${secret:docs-key}\"",
                "headers = { Authorization = \"Bearer ${secret:docs-token}\" }");
        assertThat(SecretUsage.of(ConfigLoader.parse("config.toml", edited))).isEqualTo(SecretUsage.of(parsed));
    }

    @Test
    void everyKeyAServerCanHaveIsWrittenAndReadsBackAsTheSameServer() throws Exception {
        GatewayConfig parsed = ConfigLoader.parse("config.toml", """
                [servers.local]
                command = "notes"
                era = "modern"
                capture = "metadata"
                allow_tools = ["read_*"]
                deny_tools = ["read_secret"]
                approve_new_tools = "manual"

                [servers.remote]
                url = "https://mcp.example.com/mcp"
                transport = "streamable-http"
                capture = "off"

                [servers.remote.oauth]
                client_id = "gatehouse-desktop"
                client_secret = "${secret:remote-client}"
                client_metadata_url = "https://gatehouse.example/client.json"
                scopes = ["files:read", "files:write"]

                [servers.lazyauth]
                url = "https://auth.example.com/mcp"
                auth = "auto"

                [servers.lazyauth.oauth]
                scopes = ["read"]

                [servers.eager]
                url = "https://eager.example.com/mcp"
                auth = "oauth"
                """);

        String written = "";
        for (ServerConfig server : parsed.servers()) {
            written = ConfigEditor.of("config.toml", written).add(server);
        }

        assertThat(ConfigLoader.parse("config.toml", written).servers()).isEqualTo(parsed.servers());
        assertThat(written).contains("[servers.remote.oauth]", "client_secret = \"${secret:remote-client}\"",
                "auth = \"oauth\"", "auth = \"auto\"", "approve_new_tools = \"manual\"");
    }

    @Test
    void removesATableWithItsSubTablesAndTheCommentAboveIt() throws Exception {
        String edited = editor().remove("github");

        assertThat(edited).isEqualTo("""
                # My gateway.
                [gateway]
                port = 9470 # the usual port

                # Notes; keep this one last.
                [servers.notes]
                command = "notes"   # local
                enabled = true
                """);
    }

    @Test
    void rewritesAnEnabledValueInPlaceKeepingItsComment() throws Exception {
        String edited = editor().setEnabled("notes", false);

        assertThat(edited).isEqualTo(TEXT.replace("enabled = true", "enabled = false"));
    }

    @Test
    void insertsEnabledUnderTheHeaderWhenItIsAbsent() throws Exception {
        String edited = editor().setEnabled("github", false);

        assertThat(edited).isEqualTo(TEXT.replace("[servers.github]\n", "[servers.github]\nenabled = false\n"));
        assertThat(ConfigLoader.parse("config.toml", edited).server("github").orElseThrow().env())
                .isEqualTo(Map.of("LOG", "info"));
    }

    @Test
    void replacesATableKeepingTheCommentAboveIt() throws Exception {
        ServerConfig notes = new ServerConfig("notes", "notes", List.of("--fast"), Map.of(), null, true,
                Duration.ofSeconds(5));

        String edited = editor().replace(notes);

        assertThat(edited).endsWith("""
                # Notes; keep this one last.
                [servers.notes]
                command = "notes"
                args = ["--fast"]
                timeout_seconds = 5
                """);
        assertThat(edited).contains("# GitHub, for issues.\n[servers.github]");
    }

    @Test
    void refusesToEditAServerWrittenInline() throws Exception {
        ConfigEditor inline = ConfigEditor.of("config.toml", "[servers]\nlocal = { command = \"x\" }\n");

        assertThatThrownBy(() -> inline.remove("local")).isInstanceOf(ConfigEditException.class)
                .hasMessageContaining("not written as its own [servers.local] table");
    }

    @Test
    void refusesAnAddThatWouldClashWithAnExistingServer() {
        assertThatThrownBy(() -> editor().add(new ServerConfig("notes", "x", List.of(), Map.of(), null, true,
                ServerConfig.DEFAULT_TIMEOUT))).isInstanceOf(ConfigEditException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void escapesStringsSoTheyLoadBackUnchanged() throws Exception {
        ServerConfig odd = new ServerConfig("odd", "/bin/sh", List.of("-c", "echo \"hi\" \\ there\n\tnow"),
                Map.of(), null, true, ServerConfig.DEFAULT_TIMEOUT);

        String edited = editor().add(odd);

        assertThat(ConfigLoader.parse("config.toml", edited).server("odd")).contains(odd);
    }

    @Test
    void addsAndRemovesAProfileKeepingEverythingElseByteForByte() throws Exception {
        ProfileConfig coding = new ProfileConfig("coding", "editor \"tools\"", List.of("github", "gatehouse"));

        String added = editor().addProfile(coding);

        assertThat(added).startsWith(TEXT).endsWith("""
                enabled = true

                [profiles.coding]
                servers = ["github", "gatehouse"]
                description = "editor \\"tools\\""
                """);
        assertThat(ConfigLoader.parse("config.toml", added).profiles()).containsExactly(coding);
        String commented = added.replace("[profiles.coding]", "# For my editor.\n[profiles.coding]");
        assertThat(ConfigEditor.of("config.toml", commented).removeProfile("coding")).isEqualTo(TEXT + "\n");
    }

    @Test
    void refusesProfileEditsThatCannotBeDoneSurgicallyOrWouldBreakTheConfig() throws Exception {
        String withProfile = TEXT + "\n[profiles.coding]\nservers = [\"notes\"]\n";
        assertThatThrownBy(() -> ConfigEditor.of("config.toml", withProfile)
                .addProfile(new ProfileConfig("coding", null, List.of("github"))))
                .isInstanceOf(ConfigEditException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> editor().removeProfile("coding"))
                .isInstanceOf(ConfigEditException.class).hasMessageContaining("no profile named 'coding'");
        String inline = TEXT + "\n[profiles]\ncoding = { servers = [\"notes\"] }\n";
        assertThatThrownBy(() -> ConfigEditor.of("config.toml", inline).removeProfile("coding"))
                .isInstanceOf(ConfigEditException.class).hasMessageContaining("edit that file by hand");
        assertThatThrownBy(() -> ConfigEditor.of("config.toml", withProfile).remove("notes"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lists unknown server 'notes'");
    }
}
