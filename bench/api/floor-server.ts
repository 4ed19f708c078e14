import { createServer } from 'node:http';

/*
 * The floor of the fixed-rate phase: a bare node:http server, with no framework, index or
 * instrumentation, answering each path with the bytes the API answered for it. The same generator
 * at the same rate against it measures what this machine shows with no API at all: what tells a
 * stall in the fixed-rate phase as the API's or not. Its answers come over IPC; it replies with its port.
 */
process.once('message', (answers: Record<string, string>) => {
  const bodies = new Map(Object.entries(answers).map(([path, body]) => [path, Buffer.from(body)]));
  const server = createServer((request, response) => {
    const body = bodies.get(request.url ?? '');
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
  // Nothing to finish: a request in flight at the end of a run is the bench's to drop.
  process.once('SIGTERM', () => process.exit(0));
});
