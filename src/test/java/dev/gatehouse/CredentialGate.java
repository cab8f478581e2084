package dev.gatehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * For {@link SecretLeakTest}: a preload for server-everything over HTTP ({@code node -r}) that answers 401 to every
 * request not carrying one value three ways: as the query parameter {@code key}, as the header {@code X-Leak-Key}
 * and as {@code Authorization: Bearer …}. So the gateway reaches that server only when it resolved its
 * {@code ${secret:NAME}} references and sent the values. The server is given only the value's SHA-256, so neither
 * its environment nor its arguments hold the value.
 */
final class CredentialGate {

    private static final String SCRIPT = """
            'use strict';
            const http = require('node:http');
            const crypto = require('node:crypto');
            const expected = process.env.CREDENTIAL_GATE_SHA256;
            const sha256 = (value) => crypto.createHash('sha256').update(value, 'utf8').digest('hex');
            const emit = http.Server.prototype.emit;
            http.Server.prototype.emit = function (event, request, response) {
              if (event === 'request') {
                const key = new URL(request.url, 'http://gate').searchParams.get('key');
                const header = request.headers['x-leak-key'];
                const ok = typeof key === 'string' && typeof header === 'string' && sha256(key) === expected
                    && sha256(header) === expected && request.headers['authorization'] === 'Bearer ' + header;
                if (!ok) {
                  response.writeHead(401, { 'content-type': 'text/plain' });
                  response.end('credentials missing or wrong\\n');
                  return true;
                }
              }
              return emit.apply(this, arguments);
            };
            """;

    private CredentialGate() {
    }

    /** Writes the preload into {@code dir}; returns its path. */
    static Path preload(Path dir) throws IOException {
        return Files.writeString(dir.resolve("credential-gate.cjs"), SCRIPT);
    }

    /** The environment that tells the gate which value to expect, by its hash. */
    static Map<String, String> environment(String value) throws NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return Map.of("CREDENTIAL_GATE_SHA256", HexFormat.of().formatHex(hash));
    }
}
