/*
 * Stands in, inside the monitor's bundle, for dockerode's transports the monitor never uses:
 * ssh:// engines (ssh2) and BuildKit sessions (@grpc/grpc-js, @grpc/proto-loader, protobufjs).
 * dockerode loads them when it is loaded, and they cost the process about 20 MB of memory.
 * Anything that reaches one of them fails with a plain message.
 */
'use strict';

function unsupported() {
  throw new Error('ssh:// Docker hosts and BuildKit sessions are not supported by the SafeWork monitor');
}

module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return false;
      return unsupported;
    },
  },
);
