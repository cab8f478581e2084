package dev.gatehouse.proxy;

import dev.gatehouse.Upstream;
import dev.gatehouse.UpstreamEvents;
import dev.gatehouse.config.ServerConfig;

/** Makes the connection for one configured server; the gateway passes the router that receives its messages. */
@FunctionalInterface
public interface UpstreamFactory {

    Upstream create(ServerConfig server, UpstreamEvents events);
}
