package dev.gatehouse.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One gateway per home: an exclusive lock on {@code gateway.lock}, held for the gateway's life and released by the
 * kernel when the process dies, however it dies. It is the authority on whether a gateway is live, so that a socket
 * file left by a crashed gateway can be replaced without guessing. The file holds the owner's pid, for messages.
 */
public final class HomeLock implements AutoCloseable {

    public static final String FILE = "gateway.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails with {@link HeldException} naming the pid of the gateway that holds it. */
    public static HomeLock acquire(HomeLayout home) throws IOException, HeldException {
        Path file = home.ensurePrivateFile(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = readPid(channel);
                channel.close();
                throw new HeldException(home, holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(true);
            return new HomeLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static String readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return pid.chars().allMatch(Character::isDigit) && !pid.isEmpty() ? pid : "unknown";
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another gateway is serving this home. */
    public static final class HeldException extends Exception {
        public HeldException(HomeLayout home, String pid) {
            super("another gateway (pid " + pid + ") is already serving " + home.root()
                    + "; stop it first, or use another --home");
        }
    }
}
