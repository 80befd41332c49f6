// Preload (`node --import ./bench/lib/loopback-only.mjs ...`) for servers that offer no
// host option (supergateway, server-everything's HTTP mode): a listen() on a bare port
// binds 127.0.0.1 instead of every interface, so the bench never opens a port to the network.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (isPort && (second === undefined || typeof second === 'function')) args.splice(1, 0, '127.0.0.1');
  else if (first && typeof first === 'object' && !Array.isArray(first) && first.port !== undefined && first.path === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
