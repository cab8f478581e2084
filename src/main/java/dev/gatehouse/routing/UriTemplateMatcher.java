package dev.gatehouse.routing;

import java.util.regex.Pattern;

/**
 * Decides whether a concrete URI could have been produced by an RFC 6570 template, enough to route
 * {@code resources/read} to the server that advertised the template. Simple expressions ({@code {id}}) match one
 * path segment; reserved and multi-segment forms ({@code {+path}}, {@code {/a}}, {@code {?q}}) match any run.
 */
public final class UriTemplateMatcher {

    private final Pattern pattern;

    public UriTemplateMatcher(String template) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            regex.append(Pattern.quote(template.substring(at, open)));
            char operator = close > open + 1 ? template.charAt(open + 1) : ' ';
            regex.append(Character.isLetterOrDigit(operator) || operator == '_' ? "[^/?#]+" : ".*");
            at = close + 1;
        }
        this.pattern = Pattern.compile(regex.toString());
    }

    public boolean matches(String uri) {
        return pattern.matcher(uri).matches();
    }
}
