package dev.gatehouse.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted name server: each name answers its queued answers in turn (the last one repeats), IP literals
 * answer themselves, and any other name is unknown. It never asks real DNS.
 */
final class FakeDns implements HostLookup {

    private final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** Queues answers for {@code name}, one lookup each; the last keeps answering. */
    FakeDns answer(String name, String... addressesPerLookup) {
        Deque<List<InetAddress>> queue = answers.computeIfAbsent(name, n -> new ArrayDeque<>());
        for (String addresses : addressesPerLookup) {
            queue.add(java.util.Arrays.stream(addresses.split(",")).map(FakeDns::literal).toList());
        }
        return this;
    }

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        lookups.incrementAndGet();
        Deque<List<InetAddress>> queue = answers.get(host);
        if (queue != null) {
            synchronized (queue) {
                return queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        if (host.matches("[0-9.]+") || host.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return List.of(InetAddress.getByName(host));
        }
        throw new UnknownHostException(host);
    }

    int lookups() {
        return lookups.get();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text.strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
