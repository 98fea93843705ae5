import { startChaosSession } from './session';
import { generateBallots, registerVoters } from './population';
async function main() {
  const s = await startChaosSession();
  let round = 0;
  for (const maxPending of (process.env.MP ?? '60,120').split(',').map(Number)) {
    const ballots = generateBallots(Number(process.env.N ?? 20), { prefix: `x${round++}`, seed: round });
    await registerVoters(s.t.db, s.t.tables.voters, ballots);
    s.setKnobs({ duplicates: 3, shuffleMs: 30 });
    const mark = s.mark(); const t0 = Date.now();
    let peak = 0; const timer = setInterval(() => { peak = Math.max(peak, s.t.stack.bus.pendingDeliveries); }, 20);
    await s.submit(ballots, { maxPending });
    clearInterval(timer);
    const d = s.deliveriesSince(mark); const secs = (Date.now() - t0) / 1000;
    const ms = d.map((x) => x.ms).sort((a, b) => a - b);
    console.log(`maxPending ${maxPending}: ${d.length} deliveries in ${secs.toFixed(1)} s = ${(d.length / secs).toFixed(0)}/s; peak pending ${peak}; p50 ${ms[Math.floor(ms.length / 2)]} p99 ${ms[Math.floor(ms.length * 0.99)]} max ${ms[ms.length - 1]}; retried ${d.filter((x) => x.attempts > 1).length}; dead ${d.filter((x) => x.outcome !== 'delivered').length}`);
  }
  await s.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
