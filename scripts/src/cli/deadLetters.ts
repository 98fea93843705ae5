/**
 * `yarn dead-letters [--queue NAME] [--json]`: the events parked in the local stack's dead-letter
 * queues, with the rule, the error and the number of attempts.
 * `yarn redrive [--queue NAME]`: delivers them again to their rule's target (once each; what
 * fails again goes back to its queue), then waits until the deliveries have finished.
 */
import type { DeadLetter } from '../local/eventbridge/stores';
import { renderTable } from '../inspect/table';
import { parseArgs } from './args';
import { callBusAdmin } from './busAdmin';

async function list(queue: string | undefined, json: boolean): Promise<void> {
  const { messages } = await callBusAdmin<{ messages: DeadLetter[] }>(
    'GET',
    `dead-letters${queue ? `?queue=${encodeURIComponent(queue)}` : ''}`,
  );
  if (json) {
    console.log(
      JSON.stringify(
        messages.map((message) => ({ ...message, body: JSON.parse(message.body) as unknown })),
        null,
        2,
      ),
    );
    return;
  }
  if (messages.length === 0) {
    console.log('no dead letters');
    return;
  }
  const rows = messages.map((message) => {
    const event = JSON.parse(message.body) as { id: string; 'detail-type': string };
    return [
      message.sentAt,
      message.queue,
      event['detail-type'],
      event.id,
      message.attributes.ATTEMPTS,
      message.attributes.ERROR_MESSAGE,
    ];
  });
  console.log(renderTable(['parked at', 'queue', 'type', 'event', 'attempts', 'error'], rows));
}

async function redrive(queue: string | undefined): Promise<void> {
  const { redriven } = await callBusAdmin<{ redriven: number }>('POST', 'dead-letters/redrive', queue ? { queue } : {});
  await callBusAdmin('POST', 'idle');
  const { messages } = await callBusAdmin<{ messages: DeadLetter[] }>(
    'GET',
    `dead-letters${queue ? `?queue=${encodeURIComponent(queue)}` : ''}`,
  );
  console.log(
    `redriven ${redriven} event(s); ${messages.length} still parked${messages.length ? ' (see `yarn dead-letters`)' : ''}`,
  );
  if (messages.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const args = parseArgs(rest, { flags: ['json'], values: ['queue'] });
  if (command === 'list') return list(args.values.queue, Boolean(args.flags.json));
  if (command === 'redrive') return redrive(args.values.queue);
  throw new Error('usage: deadLetters.ts <list|redrive> [--queue NAME] [--json]');
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
