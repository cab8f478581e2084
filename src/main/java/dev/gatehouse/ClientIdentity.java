package dev.gatehouse;

/** How the gateway names itself to the servers it connects to and to the clients that connect to it. */
public final class ClientIdentity {

    public static final String NAME = "gatehouse";
    public static final String VERSION = version();

    private ClientIdentity() {
    }

    private static String version() {
        String implementation = ClientIdentity.class.getPackage().getImplementationVersion();
        return implementation == null ? "0.1.0-dev" : implementation;
    }
}
