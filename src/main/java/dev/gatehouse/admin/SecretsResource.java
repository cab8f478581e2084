package dev.gatehouse.admin;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamStatus;
import dev.gatehouse.admin.api.KeyRotation;
import dev.gatehouse.admin.api.SecretDeletion;
import dev.gatehouse.admin.api.SecretSummary;
import dev.gatehouse.admin.api.VaultStatus;
import dev.gatehouse.config.SecretUsage;
import dev.gatehouse.proxy.Gateway;
import dev.gatehouse.oauth.VaultCredentialStore;
import dev.gatehouse.vault.KeyBackendReport;
import dev.gatehouse.vault.RotationResult;
import dev.gatehouse.vault.SecretInfo;
import dev.gatehouse.vault.SecretName;
import dev.gatehouse.vault.Vault;
import dev.gatehouse.vault.VaultException;
import java.io.CharArrayReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault through the management API: names, times and the servers referencing each secret, setting and
 * deleting values, rotating the data key, and which key backend protects it. No answer ever carries a value; a
 * value arrives only as the body of {@link #set}, and is wiped once stored.
 *
 * <p>Servers read a secret when they start, so {@link #set} restarts the servers that reference it and are
 * running (or failed, typically for want of this very secret): after {@code secret set}, they use the new value.
 * Servers not started yet (lazy, idle-stopped) read it on their next start anyway.
 */
public final class SecretsResource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsResource.class);

    /** The outcome of {@link #set}: whether the secret is new, and the servers restarted to pick it up. */
    public record Stored(boolean created, List<String> restarting) {
    }

    private final Vault vault;
    private final Gateway gateway;

    public SecretsResource(Vault vault, Gateway gateway) {
        this.vault = vault;
        this.gateway = gateway;
    }

    /**
     * Every stored secret, and every name referenced by a server that the vault lacks, by name. The OAuth tokens
     * and client registrations the vault also holds are left out: {@code auth status} is where they show.
     */
    public List<SecretSummary> list() {
        Map<SecretName, List<String>> usage = usage();
        List<SecretSummary> summaries = new ArrayList<>();
        try {
            for (SecretInfo info : vault.list(usage)) {
                if (VaultCredentialStore.isCredentialEntry(info.name())) {
                    continue;
                }
                summaries.add(new SecretSummary(info.name().value(), true, info.created().toString(),
                        info.updated().toString(), info.referencedBy()));
            }
        } catch (VaultException e) {
            throw problem(e);
        }
        usage.forEach((name, servers) -> {
            if (summaries.stream().noneMatch(s -> s.name().equals(name.value()))) {
                summaries.add(new SecretSummary(name.value(), false, null, null, servers));
            }
        });
        summaries.sort(Comparator.comparing(SecretSummary::name));
        return summaries;
    }

    public SecretSummary show(String name) {
        SecretName secret = name(name);
        return list().stream().filter(s -> s.name().equals(secret.value())).findFirst()
                .orElseThrow(() -> AdminProblem.unknownSecret(secret.value()));
    }

    /**
     * Stores {@code utf8} (wiped before returning) as the value of {@code name}, then, when {@code restart}, restarts
     * the running servers that reference it.
     */
    public Stored set(String name, byte[] utf8, boolean restart) {
        SecretName secret = name(name);
        char[] value = null;
        try {
            value = decode(utf8);
            boolean created = vault.set(secret, new CharArrayReader(value));
            LOG.info("secret '{}' {}", secret, created ? "created" : "replaced");
            return new Stored(created, restart ? restartReferencing(secret) : List.of());
        } catch (VaultException e) {
            throw problem(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a value held in memory failed", e);
        } finally {
            Arrays.fill(utf8, (byte) 0);
            if (value != null) {
                Arrays.fill(value, '\0');
            }
        }
    }

    /** Deletes a secret; refused while servers reference it, unless {@code force}. */
    public SecretDeletion delete(String name, boolean force) {
        SecretName secret = name(name);
        Map<SecretName, List<String>> usage = usage();
        List<String> users = usage.getOrDefault(secret, List.of());
        try {
            vault.delete(secret, usage, force);
        } catch (VaultException.NoSuchSecret e) {
            throw AdminProblem.unknownSecret(secret.value());
        } catch (VaultException e) {
            throw problem(e);
        }
        LOG.info("secret '{}' deleted{}", secret, users.isEmpty() ? "" : " while referenced by " + users);
        String message = "deleted secret '" + secret + "'" + (users.isEmpty() ? "" : "; still referenced by "
                + String.join(", ", users) + ": running servers keep the value they started with, and each fails on"
                + " its next start until the secret is set again");
        return new SecretDeletion(secret.value(), users, message);
    }

    public KeyRotation rotateKey() {
        try {
            if (vault.keyReport().inUse().isEmpty()) {
                throw AdminProblem.conflict("nothing to rotate: the vault holds no key yet (it gets one with its"
                        + " first secret)");
            }
            RotationResult result = vault.rotateKey();
            LOG.info("vault data key rotated: {} secret(s) re-encrypted under key {}, protected by {}",
                    result.secrets(), result.newKeyId(), result.backend());
            return new KeyRotation(result.oldKeyId(), result.newKeyId(), result.backend(), result.secrets(),
                    result.note().orElse(null));
        } catch (VaultException e) {
            throw problem(e);
        }
    }

    /** The key backend report; a vault that cannot be read is reported, not thrown, so status still answers. */
    public VaultStatus status() {
        try {
            KeyBackendReport report = vault.keyReport();
            List<VaultStatus.Backend> backends = report.backends().stream().map(b -> new VaultStatus.Backend(b.id(),
                    b.description(), b.state().name().toLowerCase(Locale.ROOT).replace('_', '-'), b.detail()))
                    .toList();
            Optional<String> warning = report.warning();
            List<String> lines = report.lines().stream().filter(line -> warning.map(w -> !w.equals(line))
                    .orElse(true)).toList();
            return new VaultStatus(report.inUse().orElse(null), report.wouldUse().orElse(null), backends,
                    vault.names().size(), warning.orElse(null), null, lines);
        } catch (VaultException e) {
            return new VaultStatus(null, null, List.of(), 0, null, e.getMessage(), List.of(e.getMessage()));
        }
    }

    private List<String> restartReferencing(SecretName secret) {
        List<String> restarting = new ArrayList<>();
        for (String server : usage().getOrDefault(secret, List.of())) {
            Optional<Upstream> upstream = gateway.upstreams().upstream(server);
            boolean started = upstream.map(u -> u.status().state() != UpstreamStatus.State.STOPPED).orElse(false);
            if (started && gateway.restart(server, "secret '" + secret + "' changed")) {
                restarting.add(server);
            }
        }
        if (!restarting.isEmpty()) {
            LOG.info("restarting {} to use the new value of secret '{}'", restarting, secret);
        }
        return restarting;
    }

    private Map<SecretName, List<String>> usage() {
        return SecretUsage.of(gateway.upstreams().config());
    }

    private static SecretName name(String text) {
        Optional<String> problem = SecretName.problemWith(text);
        if (problem.isPresent()) {
            throw AdminProblem.badRequest(problem.get());
        }
        return SecretName.of(text);
    }

    /** Strict UTF-8: a value that is not text is refused rather than stored mangled. */
    private static char[] decode(byte[] utf8) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
            char[] value = Arrays.copyOfRange(chars.array(), chars.arrayOffset(), chars.arrayOffset() + chars.limit());
            Arrays.fill(chars.array(), '\0');
            return value;
        } catch (CharacterCodingException e) {
            throw AdminProblem.badRequest("the value is not UTF-8 text");
        }
    }

    /** The answer for a vault failure; messages of the vault name secrets and servers, never a value. */
    static AdminProblem problem(VaultException e) {
        return switch (e) {
            case VaultException.InUse inUse -> AdminProblem.conflict(inUse.getMessage());
            case VaultException.BadValue bad -> AdminProblem.badRequest(bad.getMessage());
            default -> {
                LOG.warn("vault request failed: {}", e.getMessage(), e.getCause());
                yield AdminProblem.vaultUnavailable(e.getMessage());
            }
        };
    }
}
