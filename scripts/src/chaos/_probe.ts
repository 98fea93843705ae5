import { startTestStack } from '../testing/harness';
import { generateBallots, registerVoters, requestOf } from './population';
async function main() {
  let t0 = Date.now();
  const lap = (label: string) => { console.log(label, Date.now() - t0, 'ms'); t0 = Date.now(); };
  const t = await startTestStack({ duplicates: Number(process.env.DUP ?? 3), shuffleMs: 30 });
  lap('start');
  await t.seed(); lap('seed');
  const ballots = generateBallots(Number(process.env.N ?? 200));
  await registerVoters(t.db, t.tables.voters, ballots); lap('register');
  const queue = [...ballots];
  await Promise.all(Array.from({ length: 8 }, async () => { for (let b = queue.shift(); b; b = queue.shift()) { const r = await t.post('/events', requestOf(b)); if (r.status !== 202) throw new Error(String(r.status)); } }));
  lap('post');
  await t.settle(); lap('settle');
  console.log('deliveries', t.stack.bus.deliveries.length);
  const audit = await t.scan(t.tables.audit); lap('scan audit ' + audit.length);
  await t.seed(); lap('reseed');
  await t.stop(); lap('stop');
}
main().catch((e) => { console.error(e); process.exit(1); });
