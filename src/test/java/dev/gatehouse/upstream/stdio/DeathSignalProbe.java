package dev.gatehouse.upstream.stdio;

import java.nio.file.Path;

/**
 * Run as its own JVM by {@link ChildSpawnerDeathSignalTest}: spawns {@code sleep} through a {@link ChildSpawner}
 * ({@code pdeathsig} or {@code plain}), prints the sleep's pid, and waits to be killed.
 */
public final class DeathSignalProbe {

    private DeathSignalProbe() {
    }

    public static void main(String[] args) throws Exception {
        ChildSpawner spawner = args[0].equals("pdeathsig")
                ? ChildSpawner.start() : ChildSpawner.withoutParentDeathSignal();
        Path sleep = ChildLaunch.resolve("sleep", System.getenv("PATH"), null);
        Process child = spawner.spawn(new ProcessBuilder(sleep.toString(), "300"));
        System.out.println(spawner.usesParentDeathSignal() + " " + child.pid());
        System.out.flush();
        Thread.sleep(300_000);
    }
}
