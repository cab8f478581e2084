package dev.gatehouse.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.vault.EnvironmentKeyBackend;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultHome;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and client registrations round-trip through a real vault file, encrypted, under opaque names. */
class VaultCredentialStoreTest {

    private static final String MASTER_KEY = HexFormat.of().formatHex(new byte[32]);

    @TempDir
    Path dir;

    private Vault open() throws Exception {
        VaultHome home = new VaultHome(dir, name -> {
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            return file;
        });
        return Vault.open(home, List.of(new EnvironmentKeyBackend(Map.of(EnvironmentKeyBackend.VARIABLE,
                MASTER_KEY))), InstantSource.system());
    }

    @Test
    void tokensSurviveReopeningTheVaultEachAsItsOwnSecretAndNeverAppearInItsFileOrNames() throws Exception {
        TokenSet tokens = new TokenSet("https://as.example", "https://mcp.example/mcp", "access-SECRET-1",
                Optional.of("refresh-SECRET-1"), Optional.of(Instant.parse("2026-11-22T09:00:00Z")),
                List.of("mcp:read"));
        try (Vault vault = open()) {
            new VaultCredentialStore(vault).saveTokens("https://mcp.example/mcp", tokens);
            assertThat(vault.names()).allSatisfy(name -> assertThat(name.value()).doesNotContain("example"));
            // The redactor learns each value the vault holds: the token itself, not a document around it.
            assertThat(vault.names().stream().map(name -> {
                try (var secret = vault.resolve(name)) {
                    return secret.exposeAsString();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            })).contains("access-SECRET-1", "refresh-SECRET-1");
        }
        try (Vault vault = open()) {
            assertThat(new VaultCredentialStore(vault).tokens("https://mcp.example/mcp")).contains(tokens);
        }
        String file = new String(Files.readAllBytes(dir.resolve(VaultHome.DATABASE)), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("SECRET");
    }

    @Test
    void newTokensFromAnotherIssuerReplaceTheOldOnes() throws Exception {
        try (Vault vault = open()) {
            VaultCredentialStore store = new VaultCredentialStore(vault);
            store.saveTokens("https://mcp.example/mcp", new TokenSet("https://as1.example", "https://mcp.example/mcp",
                    "a1", Optional.empty(), Optional.empty(), List.of()));
            store.saveTokens("https://mcp.example/mcp", new TokenSet("https://as2.example", "https://mcp.example/mcp",
                    "a2", Optional.empty(), Optional.empty(), List.of()));

            assertThat(store.tokens("https://mcp.example/mcp")).get().extracting(TokenSet::issuer)
                    .isEqualTo("https://as2.example");
            assertThat(vault.names()).hasSize(2)
                    .allSatisfy(name -> assertThat(name.value()).startsWith("oauth.token."));
            store.deleteTokens("https://mcp.example/mcp");
            assertThat(store.tokens("https://mcp.example/mcp")).isEmpty();
        }
    }

    @Test
    void tokensWrittenOrDeletedThroughTheVaultAreSeenAtOnceDespiteTheCachedNames() throws Exception {
        String server = "https://mcp.example/mcp";
        TokenSet tokens = new TokenSet("https://as.example", server, "a1", Optional.empty(), Optional.empty(),
                List.of());
        try (Vault vault = open()) {
            VaultCredentialStore asking = new VaultCredentialStore(vault);
            VaultCredentialStore writing = new VaultCredentialStore(vault);
            assertThat(asking.tokens(server)).isEmpty();
            assertThat(asking.tokens(server)).isEmpty();

            writing.saveTokens(server, tokens);
            assertThat(asking.tokens(server)).contains(tokens);

            writing.deleteTokens(server);
            assertThat(asking.tokens(server)).isEmpty();

            // Any change to the vault counts, not only this store's own entries.
            vault.set(SecretName.of("oauth.token." + VaultCredentialStore.hash(server) + ".x.meta"),
                    new StringReader("{\"issuer\":\"https://as.example\",\"resource\":\"r\"}"));
            vault.set(SecretName.of("oauth.token." + VaultCredentialStore.hash(server) + ".x.access"),
                    new StringReader("a2"));
            assertThat(asking.tokens(server)).get().extracting(TokenSet::accessToken).isEqualTo("a2");
        }
    }

    @Test
    void registrationsAreKeptPerIssuer() throws Exception {
        try (Vault vault = open()) {
            VaultCredentialStore store = new VaultCredentialStore(vault);
            store.saveRegistration(new ClientRegistration("https://as1.example", "client-1", Optional.of("s3cret"),
                    ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientRegistration.Source.DYNAMIC));

            assertThat(store.registration("https://as1.example")).get().satisfies(registration -> {
                assertThat(registration.clientId()).isEqualTo("client-1");
                assertThat(registration.clientSecret()).contains("s3cret");
                assertThat(registration.authMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            });
            assertThat(store.registration("https://as2.example")).isEmpty();
        }
    }
}
