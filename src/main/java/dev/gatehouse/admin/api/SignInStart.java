package dev.gatehouse.admin.api;

/** A sign-in begun: the URL to open in a browser; the gateway's callback completes it. */
public record SignInStart(String server, String authorizationUrl) {
}
