package dev.gatehouse.admin.api;

/** One server of a profile and its state as {@link ServerSummary} names it ({@code disabled} when not running). */
public record ProfileMember(String name, String state) {
}
