// The reference for `npm run bench:ingest`: bare node:http that parses the JSON and answers 202
// PagerDuty-shaped, storing nothing. What Node's HTTP stack alone costs on this machine.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let event;
    try {
      event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"invalid event"}');
      return;
    }
    const body = JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key });
    response.writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
