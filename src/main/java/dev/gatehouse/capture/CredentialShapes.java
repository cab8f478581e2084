package dev.gatehouse.capture;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Well-known credential formats, found by their shape wherever they appear in text. Each shape has literal
 * triggers checked with {@link String#indexOf} first, so text without any trigger (nearly all of it) costs a few
 * vectorised scans rather than a regular-expression pass. Text shorter than the shortest credential is not
 * scanned at all, and shapes whose every trigger holds a '_' or a '-' are skipped together when the text has none.
 */
final class CredentialShapes {

    /**
     * {@code common} is a character every trigger contains ('_' or '-'), or 0, to rule the shape out quickly. The
     * triggers are an array, walked by index: every string of every recorded body passes here, and an iterator
     * per shape and string was a tenth of what the capture writer allocated.
     */
    private record Shape(String label, String[] triggers, Pattern pattern, char common) {

        Shape(String label, List<String> triggers, Pattern pattern) {
            this(label, triggers.toArray(String[]::new), pattern, commonCharacter(triggers));
        }

        private static char commonCharacter(List<String> triggers) {
            for (char candidate : new char[] {'_', '-'}) {
                if (triggers.stream().allMatch(trigger -> trigger.indexOf(candidate) >= 0)) {
                    return candidate;
                }
            }
            return 0;
        }

        boolean triggeredBy(String text) {
            for (int i = 0; i < triggers.length; i++) {
                if (text.contains(triggers[i])) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final String NOT_AFTER_WORD = "(?<![A-Za-z0-9_])";

    private static final Shape[] SHAPES = {
            new Shape("pem-private-key", List.of("-----BEGIN"), Pattern.compile(
                    "-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|\\z)")),
            new Shape("github-token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), Pattern.compile(
                    NOT_AFTER_WORD + "(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})")),
            new Shape("aws-access-key", List.of("AKIA", "ASIA", "ABIA", "ACCA"), Pattern.compile(
                    "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Shape("slack-token", List.of("xox", "xapp-", "hooks.slack.com/"), Pattern.compile(
                    NOT_AFTER_WORD + "(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})"
                            + "|https://hooks\\.slack\\.com/(?:services|workflows)/[A-Za-z0-9/_-]+")),
            new Shape("stripe-key", List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"), Pattern.compile(
                    NOT_AFTER_WORD + "(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})")),
            new Shape("api-key", List.of("sk-"), Pattern.compile(
                    NOT_AFTER_WORD + "sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}")),
            new Shape("jwt", List.of("eyJ"), Pattern.compile(
                    NOT_AFTER_WORD + "eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*")),
            new Shape("bearer-token", List.of("earer"), Pattern.compile(
                    "(?i)(?<=\\bbearer\\s)\\s*[A-Za-z0-9._~+/=-]{8,}"))};

    /** "Bearer " and eight characters: nothing shorter can hold a credential these shapes recognise. */
    private static final int SHORTEST = 15;

    private CredentialShapes() {
    }

    /** The text with every recognised credential replaced by {@code [redacted:KIND]}; {@code text} if none. */
    static String redact(String text) {
        if (text.length() < SHORTEST) {
            return text;
        }
        boolean underscore = text.indexOf('_') >= 0;
        boolean dash = text.indexOf('-') >= 0;
        String result = text;
        for (int i = 0; i < SHAPES.length; i++) {
            Shape shape = SHAPES[i];
            if ((shape.common() == '_' && !underscore) || (shape.common() == '-' && !dash)) {
                continue;
            }
            if (shape.triggeredBy(result)) {
                result = shape.pattern().matcher(result)
                        .replaceAll(Matcher.quoteReplacement("[redacted:" + shape.label() + "]"));
            }
        }
        return result;
    }
}
