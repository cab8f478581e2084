package dev.gatehouse.vault;

import java.io.IOException;
import java.io.Reader;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The encrypted vault in {@code HOME/vault.db}: each secret sealed with AES-256-GCM under a data key, the data key
 * wrapped by a key-encryption key from the OS keychain, {@code GATEHOUSE_MASTER_KEY} or a key file (see
 * {@link KeyBackends}). No method returns a value except {@link #resolve}, which the gateway calls when a child is
 * about to start. Opening reads no key: a locked keychain only matters once a secret is used.
 *
 * <p>Every method is synchronized (one JDBC connection). Change listeners run after the change is committed, on
 * the calling thread, while the lock is held; they may call back into the vault.
 */
public final class Vault implements SecretResolver, AutoCloseable {

    /** The longest value accepted: far beyond any API key, small enough to refuse a file piped by mistake. */
    public static final int MAX_VALUE_CHARS = 64 * 1024;

    private final VaultDatabase database;
    private final KeyRing keys;
    private final InstantSource clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private Vault(VaultDatabase database, KeyRing keys, InstantSource clock) {
        this.database = database;
        this.keys = keys;
        this.clock = clock;
    }

    /** Opens (creating if missing) the vault in {@code home} with the standard backends. */
    public static Vault open(VaultHome home, Map<String, String> environment, InstantSource clock)
            throws VaultException {
        return open(home, KeyBackends.standard(home, environment), clock);
    }

    public static Vault open(VaultHome home, List<KeyBackend> backends, InstantSource clock) throws VaultException {
        VaultDatabase database;
        try {
            database = VaultDatabase.open(home.createPrivate(VaultHome.DATABASE));
        } catch (IOException e) {
            throw VaultException.storage("cannot create " + home.locate(VaultHome.DATABASE), e);
        }
        try {
            return new Vault(database, new KeyRing(database, backends, database.vaultId(), clock), clock);
        } catch (SQLException e) {
            database.close();
            throw VaultException.storage("cannot read the vault's id", e);
        }
    }

    /** Runs {@code listener} after every committed change (set, delete, rotate). */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized KeyBackendReport keyReport() throws VaultException {
        try {
            return keys.report();
        } catch (SQLException e) {
            throw VaultException.storage("cannot read the data key", e);
        }
    }

    /**
     * Stores the value read from {@code source} (to its end; one trailing newline is dropped, as {@code echo}
     * adds one). Returns true when the secret is new, false when it replaced a value.
     */
    public synchronized boolean set(SecretName name, Reader source) throws VaultException, IOException {
        char[] value = SecretInput.read(source, MAX_VALUE_CHARS);
        try {
            DataKey key = keys.currentOrCreate();
            byte[] envelope = Envelope.seal(key, name, value);
            boolean created = database.inTransaction(() -> database.upsertSecret(name, envelope, clock.instant()));
            changed();
            return created;
        } catch (SQLException e) {
            throw VaultException.storage("cannot store secret '" + name + "'", e);
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /** Every secret's name and times, with the servers that reference it according to {@code referencedBy}. */
    public synchronized List<SecretInfo> list(Map<SecretName, List<String>> referencedBy) throws VaultException {
        try {
            List<SecretInfo> infos = new ArrayList<>();
            for (VaultDatabase.StoredSecret secret : database.secrets()) {
                infos.add(new SecretInfo(secret.name(), secret.created(), secret.updated(),
                        referencedBy.getOrDefault(secret.name(), List.of())));
            }
            return infos;
        } catch (SQLException e) {
            throw VaultException.storage("cannot list secrets", e);
        }
    }

    public synchronized List<SecretName> names() throws VaultException {
        return list(Map.of()).stream().map(SecretInfo::name).toList();
    }

    /** Deletes a secret, refusing while a server references it unless {@code force}. */
    public synchronized void delete(SecretName name, Map<SecretName, List<String>> referencedBy, boolean force)
            throws VaultException {
        List<String> users = referencedBy.getOrDefault(name, List.of());
        if (!users.isEmpty() && !force) {
            throw new VaultException.InUse(name, users);
        }
        try {
            if (!database.inTransaction(() -> database.deleteSecret(name))) {
                throw new VaultException.NoSuchSecret(name);
            }
        } catch (SQLException e) {
            throw VaultException.storage("cannot delete secret '" + name + "'", e);
        }
        changed();
    }

    /** The secret, decrypted; the caller closes it as soon as it is used. */
    @Override
    public synchronized Secret resolve(SecretName name) throws SecretResolutionException {
        try {
            Optional<VaultDatabase.StoredSecret> stored = database.secret(name);
            if (stored.isEmpty()) {
                throw SecretResolutionException.missing(name);
            }
            DataKey key = keys.current().orElseThrow(() -> SecretResolutionException.unavailable(name,
                    "the vault has no data key"));
            return Secret.adopt(name, keys.open(key, stored.get()));
        } catch (VaultException e) {
            throw SecretResolutionException.unavailable(name, e.getMessage());
        } catch (SQLException e) {
            throw SecretResolutionException.unavailable(name, "the vault file cannot be read");
        }
    }

    /** A new data key, every secret re-encrypted in one transaction, the old key destroyed. */
    public RotationResult rotateKey() throws VaultException {
        return rotateKey(KeyRing.RotationStep.NONE);
    }

    synchronized RotationResult rotateKey(KeyRing.RotationStep step) throws VaultException {
        try {
            RotationResult result = keys.rotate(step);
            changed();
            return result;
        } catch (SQLException e) {
            throw VaultException.storage("the rotation was rolled back; the old key is still in use", e);
        }
    }

    /** A scanner for every value now in the vault (each decrypted, scanned for, and wiped). */
    public synchronized SecretScanner scanner() throws VaultException {
        List<Secret> secrets = new ArrayList<>();
        try {
            List<VaultDatabase.StoredSecret> stored = database.secrets();
            if (stored.isEmpty()) {
                return SecretScanner.EMPTY;
            }
            DataKey key = keys.current().orElseThrow(() -> VaultException.locked("the vault has no data key"));
            for (VaultDatabase.StoredSecret secret : stored) {
                secrets.add(Secret.adopt(secret.name(), keys.open(key, secret)));
            }
            return SecretScanner.of(secrets);
        } catch (SQLException e) {
            throw VaultException.storage("cannot read secrets", e);
        } finally {
            secrets.forEach(Secret::destroy);
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    @Override
    public synchronized void close() {
        keys.close();
        database.close();
    }
}
