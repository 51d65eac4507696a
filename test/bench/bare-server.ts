/**
 * Baseline: a bare Fastify server answering with a fixed body of the size the real route returns, so the bench
 * compares the service against what this machine's Node and Fastify can do at all.
 * Usage: node --import tsx test/bench/bare-server.ts <bytes>   (prints {"port": n} when listening)
 */
import Fastify from 'fastify';

const bytes = Number(process.argv[2] ?? 1000);
const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) });
const app = Fastify({ logger: false });
app.post('/bare', async (_req, reply) => reply.header('content-type', 'application/json').send(body));
app.get('/bare', async (_req, reply) => reply.header('content-type', 'application/json').send(body));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
