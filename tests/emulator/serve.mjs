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

// A test host that dies without disposing its fixture would otherwise leave an orphan
// emulator behind; the fixture passes its pid so the emulator can follow it down.
const parentPid = Number(process.env.FAUXQS_PARENT_PID ?? 0);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      server.stop().finally(() => process.exit(0));
    }
  }, 1000).unref();
}

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.stop().finally(() => process.exit(0));
  });
}
