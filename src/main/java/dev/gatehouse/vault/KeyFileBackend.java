package dev.gatehouse.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The last resort: the KEK in {@code HOME/vault.key}, mode 0600. It sits beside the data it protects, so anyone
 * who can read the home can open the vault; it only keeps the vault readable on machines with neither keychain
 * nor {@code GATEHOUSE_MASTER_KEY}, and every status and doctor report warns about it loudly.
 */
public final class KeyFileBackend implements KeyBackend {

    public static final String FILE_NAME = "vault.key";

    private final VaultHome home;

    public KeyFileBackend(VaultHome home) {
        this.home = home;
    }

    @Override
    public String id() {
        return "file";
    }

    @Override
    public String description() {
        return "key file " + home.locate(FILE_NAME);
    }

    @Override
    public Probe probe() {
        return new Probe(true, "a 0600 file in the home, beside the vault it protects");
    }

    @Override
    public Optional<byte[]> load(String vaultId) throws KeyBackendException {
        Path file = home.locate(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] text = null;
        try {
            text = Files.readAllBytes(file);
            if (text.length == 0) {
                return Optional.empty();
            }
            return Optional.of(KeyHex.parse(text).orElseThrow(() -> new KeyBackendException(
                    file + " does not hold a " + KeyHex.LENGTH + "-hex-character key")));
        } catch (IOException e) {
            throw new KeyBackendException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (text != null) {
                Arrays.fill(text, (byte) 0);
            }
        }
    }

    @Override
    public byte[] create(String vaultId) throws KeyBackendException {
        byte[] key = KeyHex.randomKey();
        byte[] text = KeyHex.format(key);
        try {
            Path file = home.createPrivate(FILE_NAME);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(text);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return key;
        } catch (IOException e) {
            Arrays.fill(key, (byte) 0);
            throw new KeyBackendException("cannot write " + home.locate(FILE_NAME) + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** Overwrites the key before removing the file, so the bytes do not linger in a reused block. */
    @Override
    public void delete(String vaultId) throws KeyBackendException {
        Path file = home.locate(FILE_NAME);
        try {
            if (Files.exists(file)) {
                long size = Files.size(file);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.allocate((int) Math.min(size, 4096)));
                    channel.force(true);
                }
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new KeyBackendException("cannot delete " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public boolean besideTheVault() {
        return true;
    }
}
