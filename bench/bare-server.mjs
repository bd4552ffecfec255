/**
 * `node bench/bare-server.mjs <body-file>`: the floor the API figures are compared with — a bare
 * node:http server answering every request with the file's bytes as JSON, on a free loopback
 * port, with node's default keep-alive. Prints `{"url": …}` once it listens.
 */
import fs from 'node:fs';
import http from 'node:http';

const body = fs.readFileSync(process.argv[2]);
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)) && server.closeAllConnections());
