package dev.gatehouse.config;

import java.util.List;

/**
 * Which of one server's tools clients may see and call: {@code allow_tools} and {@code deny_tools} globs over
 * the server's own tool names ({@code *} any run of characters, {@code ?} one character). An empty allow list
 * allows every tool; deny wins over allow. {@code approveNewTools} overrides the gateway-wide mode when set.
 */
public record ToolRules(List<String> allow, List<String> deny, ToolApproval approveNewTools) {

    public static final ToolRules NONE = new ToolRules(List.of(), List.of(), null);

    public ToolRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean permits(String tool) {
        if (deny.stream().anyMatch(glob -> matches(glob, tool))) {
            return false;
        }
        return allow.isEmpty() || allow.stream().anyMatch(glob -> matches(glob, tool));
    }

    /** The approval mode for this server: its own, else the gateway's. */
    public ToolApproval approval(ToolApproval gatewayDefault) {
        return approveNewTools == null ? gatewayDefault : approveNewTools;
    }

    /** Wildcard match in linear time: on a mismatch, back up to just after the last {@code *} seen. */
    static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
