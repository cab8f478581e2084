package dev.gatehouse.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The HTTP client's only name resolver. It looks a host up once per connection and hands the client exactly
 * the addresses that passed the {@link AddressPolicy}, so the address checked is the address connected to: a
 * DNS server that answers a public address to an earlier check and a private one at connect time gains
 * nothing. If any answer is refused the whole lookup is refused, because a client falls back from one address
 * to the next and a mixed answer is itself a sign of rebinding.
 */
public final class PinnedResolver implements SocketAddressResolver {

    private final AddressPolicy policy;
    private final HostLookup lookup;
    private final Executor executor;

    public PinnedResolver(AddressPolicy policy, HostLookup lookup, Executor executor) {
        this.policy = policy;
        this.lookup = lookup;
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context,
                        Promise<List<InetSocketAddress>> promise) {
        // Lookups block; they run off the client's selector threads.
        executor.execute(() -> {
            try {
                promise.succeeded(resolveNow(host, port));
            } catch (DestinationRefusedException | UnknownHostException e) {
                promise.failed(e);
            }
        });
    }

    /** The checked addresses of {@code host}; public for callers that connect by other means. */
    public List<InetSocketAddress> resolveNow(String host, int port)
            throws DestinationRefusedException, UnknownHostException {
        List<InetAddress> addresses = lookup.lookup(AddressPolicy.normalHost(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " has no address");
        }
        List<InetSocketAddress> checked = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            policy.checkAddress(host, port, address);
            checked.add(new InetSocketAddress(address, port));
        }
        return List.copyOf(checked);
    }
}
