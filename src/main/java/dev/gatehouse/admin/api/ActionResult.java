package dev.gatehouse.admin.api;

/** What a change to one server did, in a sentence for people. */
public record ActionResult(String server, String action, String message) {
}
