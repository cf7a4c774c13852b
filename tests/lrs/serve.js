// Runs the test LRS (@learninglocker/xapi-statements, a test tool only: never shipped) bound to
// 127.0.0.1 only. Usage: node serve.js PACKAGE_DIR (the unpacked, installed package); the
// environment gives EXPRESS_PORT, MODELS_REPO=memory, AUTH_REPO=test, EVENTS_REPO=test,
// STORAGE_REPO=local. The working directory receives its storage folder.
'use strict';
const http = require('http');
const path = require('path');

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  // listen(port[, host][, backlog][, callback]): keep the port and the callback, force the host.
  const port = args[0];
  const callback = args.find((a) => typeof a === 'function');
  return listen.call(this, port, '127.0.0.1', callback);
};

require(path.join(path.resolve(process.argv[2]), 'dist', 'server.js'));
