// Launches fauxqs for the integration tests. fauxqs always listens on 0.0.0.0;
// an unauthenticated emulator has no business on the machine's network
// interfaces, so the bind address is narrowed to loopback before it starts.
import net from "node:net";

const bind = process.env.FAUXQS_BIND ?? "127.0.0.1";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (options, ...rest) {
  if (options && typeof options === "object" && options.host === "0.0.0.0") {
    options = { ...options, host: bind };
  }
  return listen.call(this, options, ...rest);
};

const { startFauxqs } = await import("fauxqs");
// The request log is one line per call; keep it only when asked, it is noise in test output.
const server = await startFauxqs({ logger: process.env.FAUXQS_LOGGER === "true" });
console.log(`fauxqs listening on http://${bind}:${server.port}`);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.stop().finally(() => process.exit(0));
  });
}
