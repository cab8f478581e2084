package dev.gatehouse;

/**
 * One recorded exchange with its redacted bodies and headers, each the JSON text as recorded (headers as one
 * object of name to values), or null when the server's capture mode is {@code metadata}. {@code truncated} says
 * that at least one body was cut at the capture's body limit and is no longer valid JSON.
 */
public record ExchangeDetail(ExchangeSummary summary, String requestHeaders, String requestBody,
                             String responseHeaders, String responseBody, boolean truncated) {
}
