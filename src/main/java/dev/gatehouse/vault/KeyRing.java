package dev.gatehouse.vault;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vault's data key: unwrapped on first use with the KEK of the backend that wrapped it, created with the
 * most preferred available backend when the first secret is stored, and replaced by {@link #rotate}. A vault
 * stays with the backend that wrapped its key (another backend could not open it); {@code rotate} is how a key
 * moves to a better backend once one is available.
 */
final class KeyRing implements AutoCloseable {

    /** Called after each secret is re-encrypted during a rotation; tests use it to inject a failure. */
    @FunctionalInterface
    interface RotationStep {
        RotationStep NONE = (name, done) -> {
        };

        void reencrypted(SecretName name, int done) throws VaultException;
    }

    private static final String WRAP_CONTEXT = "gatehouse/vault/data-key/v1";

    private final VaultDatabase database;
    private final List<KeyBackend> backends;
    private final String vaultId;
    private final InstantSource clock;
    private final Map<String, String> refusals = new HashMap<>();
    private DataKey unlocked;

    KeyRing(VaultDatabase database, List<KeyBackend> backends, String vaultId, InstantSource clock) {
        this.database = database;
        this.backends = List.copyOf(backends);
        this.vaultId = vaultId;
        this.clock = clock;
    }

    KeyBackendReport report() throws SQLException {
        Optional<String> inUse = database.dataKey().map(VaultDatabase.StoredKey::backend);
        List<KeyBackendReport.Entry> entries = new ArrayList<>();
        Optional<String> preferred = Optional.empty();
        Optional<String> warning = Optional.empty();
        for (KeyBackend backend : backends) {
            KeyBackend.Probe probe = backend.probe();
            String refused = refusals.get(backend.id());
            if (refused != null && probe.available()) {
                probe = new KeyBackend.Probe(false, "answers, but refused the vault key: " + refused);
            }
            if (probe.available() && preferred.isEmpty()) {
                preferred = Optional.of(backend.id());
            }
            KeyBackendReport.State state = inUse.filter(backend.id()::equals).isPresent()
                    ? KeyBackendReport.State.IN_USE
                    : probe.available() ? KeyBackendReport.State.AVAILABLE : KeyBackendReport.State.UNAVAILABLE;
            entries.add(new KeyBackendReport.Entry(backend.id(), backend.description(), state, probe.detail()));
            boolean fileProtects = backend.besideTheVault()
                    && (state == KeyBackendReport.State.IN_USE || (inUse.isEmpty() && preferred.filter(backend.id()::equals).isPresent()));
            if (fileProtects) {
                warning = Optional.of(KeyBackends.keyFileWarning(backend));
            }
        }
        return new KeyBackendReport(inUse, inUse.isPresent() ? Optional.empty() : preferred, entries, warning);
    }

    /** The data key, unwrapping it on first use; empty while the vault has none. */
    Optional<DataKey> current() throws VaultException, SQLException {
        if (unlocked != null) {
            return Optional.of(unlocked);
        }
        Optional<VaultDatabase.StoredKey> stored = database.dataKey();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        KeyBackend backend = backend(stored.get().backend());
        byte[] kek = loadKek(backend);
        try {
            byte[] bytes = Aead.open(kek, wrapContext(stored.get().id(), backend.id()), stored.get().wrapped());
            unlocked = new DataKey(stored.get().id(), bytes);
            return Optional.of(unlocked);
        } catch (Aead.OpenFailed e) {
            throw VaultException.locked("the key from " + backend.description() + " does not open this vault's"
                    + " data key (a different " + EnvironmentKeyBackend.VARIABLE + ", or a replaced key?)");
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** The data key, creating and storing one with the preferred backend if the vault has none yet. */
    DataKey currentOrCreate() throws VaultException, SQLException {
        Optional<DataKey> existing = current();
        if (existing.isPresent()) {
            return existing.get();
        }
        DataKey fresh = DataKey.generate();
        Wrapped wrapped = wrapWithPreferred(fresh);
        database.inTransaction(() -> {
            database.insertDataKey(wrapped.stored(), clock.instant());
            return null;
        });
        unlocked = fresh;
        return fresh;
    }

    /**
     * A new data key with the preferred backend, every secret re-encrypted under it and the old key deleted, all in
     * one transaction: interrupted anywhere, the vault keeps the old key and the old envelopes.
     */
    RotationResult rotate(RotationStep step) throws VaultException, SQLException {
        DataKey old = current().orElseThrow(() -> new VaultException(
                "nothing to rotate: the vault holds no secret and no key yet", null));
        String oldBackend = database.dataKey().orElseThrow().backend();
        DataKey fresh = DataKey.generate();
        Wrapped wrapped;
        try {
            wrapped = wrapWithPreferred(fresh);
        } catch (VaultException e) {
            fresh.close();
            throw e;
        }
        KeyBackend target = wrapped.backend();
        int count;
        try {
            count = database.inTransaction(() -> {
                database.insertDataKey(wrapped.stored(), clock.instant());
                int done = 0;
                for (VaultDatabase.StoredSecret secret : database.secrets()) {
                    char[] value = open(old, secret);
                    try {
                        database.replaceEnvelope(secret.name(), Envelope.seal(fresh, secret.name(), value));
                    } finally {
                        Arrays.fill(value, '\0');
                    }
                    step.reencrypted(secret.name(), ++done);
                }
                database.deleteDataKey(old.id());
                return done;
            });
        } catch (VaultException | SQLException | RuntimeException e) {
            fresh.close();
            throw e;
        }
        unlocked = fresh;
        old.close();
        Optional<String> note = Optional.empty();
        if (!oldBackend.equals(target.id())) {
            try {
                backend(oldBackend).delete(vaultId);
            } catch (KeyBackendException e) {
                note = Optional.of("the old key could not be removed from its backend: " + e.getMessage());
            }
        }
        return new RotationResult(old.id(), fresh.id(), target.id(), count, note);
    }

    char[] open(DataKey key, VaultDatabase.StoredSecret secret) throws VaultException {
        try {
            return Envelope.open(key, secret.name(), secret.envelope());
        } catch (Aead.OpenFailed e) {
            throw new VaultException("secret '" + secret.name() + "' does not open with the vault's data key"
                    + " (the vault file was altered, or the entry was copied from another name)", null);
        }
    }

    private record Wrapped(KeyBackend backend, VaultDatabase.StoredKey stored) {
    }

    private VaultDatabase.StoredKey wrap(DataKey key, KeyBackend backend) throws KeyBackendException {
        Optional<byte[]> existing = backend.load(vaultId);
        byte[] kek = existing.isPresent() ? existing.get() : backend.create(vaultId);
        try {
            return new VaultDatabase.StoredKey(key.id(), backend.id(),
                    Aead.seal(kek, wrapContext(key.id(), backend.id()), key.bytes()));
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private byte[] loadKek(KeyBackend backend) throws VaultException {
        try {
            return backend.load(vaultId).orElseThrow(() -> VaultException.locked("the vault key is not in "
                    + backend.description() + (backend.id().equals("file") ? "" : " (locked, or its entry removed?)")));
        } catch (KeyBackendException e) {
            throw VaultException.locked(backend.description() + ": " + e.getMessage());
        }
    }

    /**
     * Wraps {@code key} with the first backend, in order of preference, that answers and accepts a KEK. A keychain
     * that answers but refuses to store (a locked collection) is skipped like an absent one, and the reason is
     * kept for the report, so the fallback is visible rather than silent.
     */
    private Wrapped wrapWithPreferred(DataKey key) throws VaultException {
        List<String> reasons = new ArrayList<>();
        for (KeyBackend backend : backends) {
            KeyBackend.Probe probe = backend.probe();
            if (!probe.available()) {
                reasons.add(backend.id() + ": " + probe.detail());
                continue;
            }
            try {
                Wrapped wrapped = new Wrapped(backend, wrap(key, backend));
                refusals.remove(backend.id());
                return wrapped;
            } catch (KeyBackendException e) {
                refusals.put(backend.id(), e.getMessage());
                reasons.add(backend.id() + ": " + e.getMessage());
            }
        }
        throw VaultException.locked("no key backend is available (" + String.join("; ", reasons) + ")");
    }

    private KeyBackend backend(String id) throws VaultException {
        return backends.stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow(() ->
                VaultException.locked("the data key is wrapped by backend '" + id + "', which is not available here"));
    }

    private byte[] wrapContext(String keyId, String backendId) {
        return (WRAP_CONTEXT + "\0" + keyId + "\0" + backendId + "\0" + vaultId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (unlocked != null) {
            unlocked.close();
            unlocked = null;
        }
    }
}
