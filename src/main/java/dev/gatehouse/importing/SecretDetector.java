package dev.gatehouse.importing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides which imported values belong in the vault: variables whose names say so (KEY, TOKEN, SECRET, PASSWORD,
 * AUTH, CREDENTIAL) and values shaped like well-known credentials wherever they stand (GitHub, AWS, Slack,
 * OpenAI / Anthropic style keys, JWTs, bearer strings). Erring towards the vault costs a reference; erring the
 * other way leaves a key in config.toml.
 */
public final class SecretDetector {

    private static final List<String> NAME_WORDS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "AUTH",
            "CREDENTIAL");
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"),
            Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"),
            Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}"));

    private SecretDetector() {
    }

    public static boolean isSecretName(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        return NAME_WORDS.stream().anyMatch(upper::contains);
    }

    public static boolean looksLikeSecret(String value) {
        return value != null && SHAPES.stream().anyMatch(shape -> shape.matcher(value).find());
    }
}
