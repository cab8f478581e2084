package dev.gatehouse.vault;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The vault's SQLite file: one row per secret (its envelope and times), the wrapped data key, and the vault's
 * random id. The schema is versioned with {@code PRAGMA user_version} rather than Flyway, which keeps the vault
 * on the JDK and JDBC alone. {@code secure_delete} overwrites deleted rows, so a destroyed key or secret does
 * not linger in free pages. SQLite creates its journal with the database file's own mode (0600).
 *
 * <p>Not thread-safe: {@link Vault} serialises every call.
 */
final class VaultDatabase implements AutoCloseable {

    static final int SCHEMA_VERSION = 1;

    record StoredKey(String id, String backend, byte[] wrapped) {
    }

    record StoredSecret(SecretName name, byte[] envelope, Instant created, Instant updated) {
    }

    /** Work done inside one transaction, which commits only if it returns normally. */
    @FunctionalInterface
    interface Transaction<T> {
        T run() throws SQLException, VaultException;
    }

    private final Connection connection;

    private VaultDatabase(Connection connection) {
        this.connection = connection;
    }

    static VaultDatabase open(Path file) throws VaultException {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            VaultDatabase database = new VaultDatabase(connection);
            database.migrate(file);
            return database;
        } catch (SQLException e) {
            throw VaultException.storage("cannot open " + file, e);
        }
    }

    private void migrate(Path file) throws SQLException, VaultException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
            statement.execute("PRAGMA busy_timeout = 5000");
            int version;
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw VaultException.storage(file + " was written by a newer Gatehouse (schema " + version
                        + "; this one reads up to " + SCHEMA_VERSION + ")", null);
            }
            if (version == 0) {
                inTransaction(() -> {
                    statement.execute("CREATE TABLE vault_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                    statement.execute("CREATE TABLE data_keys (id TEXT PRIMARY KEY, backend TEXT NOT NULL,"
                            + " wrapped BLOB NOT NULL, created_ms INTEGER NOT NULL)");
                    statement.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, envelope BLOB NOT NULL,"
                            + " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)");
                    byte[] id = new byte[16];
                    new SecureRandom().nextBytes(id);
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO vault_meta (key, value) VALUES ('vault_id', ?)")) {
                        insert.setString(1, HexFormat.of().formatHex(id));
                        insert.executeUpdate();
                    }
                    statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                    return null;
                });
            }
        }
    }

    String vaultId() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT value FROM vault_meta WHERE key = 'vault_id'"); ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("vault_meta has no vault_id");
            }
            return rs.getString(1);
        }
    }

    <T> T inTransaction(Transaction<T> work) throws SQLException, VaultException {
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run();
            connection.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
        }
    }

    Optional<StoredKey> dataKey() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, backend, wrapped FROM data_keys"); ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            StoredKey key = new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3));
            if (rs.next()) {
                throw new SQLException("the vault holds more than one data key");
            }
            return Optional.of(key);
        }
    }

    void insertDataKey(StoredKey key, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO data_keys (id, backend, wrapped, created_ms) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key.id());
            insert.setString(2, key.backend());
            insert.setBytes(3, key.wrapped());
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    void deleteDataKey(String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM data_keys WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    List<StoredSecret> secrets() throws SQLException {
        List<StoredSecret> all = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, envelope, created_ms, updated_ms FROM secrets ORDER BY name");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                all.add(new StoredSecret(new SecretName(rs.getString(1)), rs.getBytes(2),
                        Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))));
            }
        }
        return all;
    }

    Optional<StoredSecret> secret(SecretName name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT envelope, created_ms, updated_ms FROM secrets WHERE name = ?")) {
            query.setString(1, name.value());
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredSecret(name, rs.getBytes(1), Instant.ofEpochMilli(rs.getLong(2)),
                        Instant.ofEpochMilli(rs.getLong(3))));
            }
        }
    }

    /** Inserts or replaces; returns true when the secret is new. */
    boolean upsertSecret(SecretName name, byte[] envelope, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE secrets SET envelope = ?, updated_ms = ? WHERE name = ?")) {
            update.setBytes(1, envelope);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, name.value());
            if (update.executeUpdate() == 1) {
                return false;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO secrets (name, envelope, created_ms, updated_ms) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, name.value());
            insert.setBytes(2, envelope);
            insert.setLong(3, now.toEpochMilli());
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
            return true;
        }
    }

    /** Replaces only the envelope, keeping the times: re-encryption is not an update of the value. */
    void replaceEnvelope(SecretName name, byte[] envelope) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE secrets SET envelope = ? WHERE name = ?")) {
            update.setBytes(1, envelope);
            update.setString(2, name.value());
            update.executeUpdate();
        }
    }

    boolean deleteSecret(SecretName name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM secrets WHERE name = ?")) {
            delete.setString(1, name.value());
            return delete.executeUpdate() == 1;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a read connection loses nothing; every write was committed or rolled back.
        }
    }
}
