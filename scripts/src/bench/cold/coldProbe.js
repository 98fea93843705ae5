// A fresh Node process that loads one function's bundle and handles one event, as a new Lambda
// environment would, then a few more events one at a time, as a warm environment does (what
// Lambda bills), and reports how long each step took to its parent over IPC. Plain JavaScript
// on purpose: it must load nothing but the bundle (no TypeScript loader).
//
// It also counts code generation from strings (`new Function` / `Function(...)`), which is
// what ajv's `compile` does: a bundle that compiles a schema at load time shows it here.
'use strict';

const { performance } = require('node:perf_hooks');

const probe = JSON.parse(process.env.EVOTE_COLD_PROBE);
let generated = 0;
const RealFunction = Function;
globalThis.Function = new Proxy(RealFunction, {
  construct(target, args, newTarget) {
    generated++;
    return Reflect.construct(target, args, newTarget);
  },
  apply(target, self, args) {
    generated++;
    return Reflect.apply(target, self, args);
  },
});

function report(message) {
  process.send({ kind: 'report', ...message }, () => process.exit(0));
}

/** Tells the parent an event is handled and waits until it says to go on (its stack has settled). */
function handledThenWait() {
  return new Promise((resolve) => {
    process.once('message', resolve);
    process.send({ kind: 'handled' });
  });
}

const bootMs = performance.now(); // since the process started: Node's own start-up
const loadStarted = performance.now();
// CPU time (all threads) of load + first event: on a busy machine wall time includes waiting
// for a core, CPU time much less so.
const cpuStarted = process.cpuUsage();
let handler;
try {
  handler = require(probe.file)[probe.handlerExport];
  if (typeof handler !== 'function') throw new Error(`${probe.file} exports no function ${probe.handlerExport}`);
} catch (error) {
  report({ ok: false, message: `load failed: ${error && error.message}` });
  return;
}
const loadMs = performance.now() - loadStarted;
const generatedAtLoad = generated;
const context = {
  awsRequestId: 'cold-probe',
  functionName: probe.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${probe.functionName}`,
  memoryLimitInMB: String(probe.memorySize),
  logGroupName: `/aws/lambda/${probe.functionName}`,
  logStreamName: 'cold-probe',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000,
};

async function handle(event) {
  const started = performance.now();
  const result = await handler(event, context);
  const status = result && typeof result === 'object' && 'statusCode' in result ? result.statusCode : undefined;
  return { ms: performance.now() - started, status };
}

async function main() {
  const [first, ...warm] = probe.events;
  const cold = await handle(first);
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const warmMs = [];
  for (const event of warm) {
    await handledThenWait();
    warmMs.push((await handle(event)).ms);
  }
  return { handleMs: cold.ms, cpuMs, status: cold.status, warmMs };
}

main().then(
  (handled) =>
    report({
      ok: true,
      bootMs,
      loadMs,
      ...handled,
      generatedAtLoad,
      generatedInHandler: generated - generatedAtLoad,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  (error) => report({ ok: false, message: `handler threw ${error && error.name}: ${error && error.message}` }),
);
