package dev.gatehouse.capture;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts every byte written but keeps only the first {@code cap}: a body's full size is recorded even when its
 * text is cut to the capture's body limit.
 */
final class CappedOutput extends OutputStream {

    private int cap;
    private byte[] buffer = new byte[256];
    private int kept;
    private long count;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    /** Empties it for the next text, keeping its buffer: the writer thread reuses one for every body. */
    CappedOutput reset(int newCap) {
        cap = newCap;
        kept = 0;
        count = 0;
        return this;
    }

    @Override
    public void write(int b) {
        count++;
        if (kept < cap) {
            ensure(kept + 1);
            buffer[kept++] = (byte) b;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        count += length;
        int take = Math.min(length, cap - kept);
        if (take > 0) {
            ensure(kept + take);
            System.arraycopy(bytes, offset, buffer, kept, take);
            kept += take;
        }
    }

    private void ensure(int size) {
        if (size > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(cap, Math.max(size, buffer.length * 2)));
        }
    }

    long count() {
        return count;
    }

    boolean truncated() {
        return count > kept;
    }

    /** What was kept, as text; a multi-byte character cut at the limit is dropped rather than mangled. */
    String text() {
        int end = kept;
        if (truncated()) {
            int lead = end;
            while (lead > 0 && (buffer[lead - 1] & 0xC0) == 0x80) {
                lead--;
            }
            if (lead > 0 && (buffer[lead - 1] & 0x80) != 0) {
                int first = buffer[lead - 1] & 0xFF;
                int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
                if (end - (lead - 1) < length) {
                    end = lead - 1;
                }
            }
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }
}
