// Entry of a function's worker thread. Plain JavaScript on purpose: Node starts a worker from a
// file it can load without a TypeScript loader. It loads the function's bundle (as Lambda would
// load the deployed one) and answers invoke messages from the host.
const { parentPort, workerData } = require('node:worker_threads');

const bundle = require(workerData.file);
const handler = bundle[workerData.handlerExport];
if (typeof handler !== 'function')
  throw new Error(`${workerData.file} exports no function ${workerData.handlerExport}`);

function contextFor(message) {
  const deadline = Date.now() + workerData.timeoutMs;
  return {
    awsRequestId: message.requestId,
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.functionArn,
    memoryLimitInMB: '1024',
    logGroupName: `/aws/lambda/${workerData.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function serialiseError(error) {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return { name: error.name, message: error.message, code: error.code, stack: error.stack };
}

parentPort.on('message', async (message) => {
  try {
    const result = await handler(message.event, contextFor(message));
    parentPort.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: serialiseError(error) });
  }
});
