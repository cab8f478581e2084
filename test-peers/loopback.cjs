// Preload (`node -r ./loopback.cjs …`) that pins every net.Server.listen to 127.0.0.1, because
// server-everything's HTTP mode calls app.listen(PORT) and would otherwise bind all interfaces.
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined) {
      args[0] = { ...first, host: '127.0.0.1' };
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback]): drop any caller host, then put ours in its place.
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') {
      rest.shift();
    }
    args = [first, '127.0.0.1', ...rest];
  } else if (first === undefined || typeof first === 'function') {
    // listen() or listen(callback): a random port, still loopback only.
    args = [0, '127.0.0.1', ...args.filter((a) => typeof a === 'function')];
  }
  return listen.apply(this, args);
};
