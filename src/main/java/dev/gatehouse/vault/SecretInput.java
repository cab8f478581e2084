package dev.gatehouse.vault;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/** Reads a secret's value from a character stream (stdin, a no-echo prompt) into a wipeable array. */
final class SecretInput {

    private SecretInput() {
    }

    static char[] read(Reader source, int maxChars) throws IOException, VaultException.BadValue {
        char[] buffer = new char[Math.min(maxChars + 1, 1024)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (buffer.length > maxChars) {
                    Arrays.fill(buffer, '\0');
                    throw new VaultException.BadValue("the value is longer than " + maxChars + " characters");
                }
                char[] bigger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxChars + 1));
                Arrays.fill(buffer, '\0');
                buffer = bigger;
            }
            int read = source.read(buffer, length, buffer.length - length);
            if (read < 0) {
                break;
            }
            length += read;
        }
        if (length > 0 && buffer[length - 1] == '\n') {
            length--;
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
        }
        char[] value = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        if (length == 0) {
            throw new VaultException.BadValue("the value is empty");
        }
        return value;
    }
}
