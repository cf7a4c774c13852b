// A TCP proxy on 127.0.0.1 that drops connections halfway, to test `records sync` when the
// network fails after the LRS has received (and stored) a request but before the answer
// arrives. Usage: node cutproxy.js TARGET_PORT CUTS BYTES. The first CUTS connections are cut
// as soon as BYTES bytes of the answer have been passed on; the rest pass through. Prints
// "listening PORT" once ready.
'use strict';
const net = require('net');

const target = Number(process.argv[2]);
let cuts = Number(process.argv[3] || 1);
const bytes = Number(process.argv[4] || 10);

const server = net.createServer((client) => {
  const cut = cuts > 0;
  if (cut) cuts--;
  const upstream = net.connect(target, '127.0.0.1');
  let passed = 0;
  client.on('data', (d) => upstream.write(d));
  upstream.on('data', (d) => {
    if (!cut) {
      client.write(d);
      return;
    }
    const room = bytes - passed;
    if (room > 0) client.write(d.subarray(0, room));
    passed += d.length;
    if (passed >= bytes) {
      client.destroy();
      upstream.destroy();
    }
  });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', () => upstream.end());
  upstream.on('close', () => client.end());
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
