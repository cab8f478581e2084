package dev.gatehouse.admin.api;

/**
 * An error answer, RFC 9457 {@code application/problem+json}: {@code type} names the kind of problem, {@code title}
 * is its stable summary and {@code detail} this occurrence. {@code problems} is set for config problems only.
 */
public record ProblemDetails(String type, String title, int status, String detail,
                             java.util.List<ConfigProblemView> problems) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:gatehouse:problem:";
}
