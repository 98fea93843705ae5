import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A command as the fake sees it: its class and its input. */
export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/**
 * A stand-in for DynamoDBDocumentClient that answers each command with `respond` and records
 * what was sent. Only for the failure paths DynamoDB Local cannot produce on demand.
 */
export function fakeDocumentClient(respond: (command: SentCommand, index: number) => unknown) {
  const sent: SentCommand[] = [];
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const seen = { name: command.constructor.name, input: command.input };
    sent.push(seen);
    return respond(seen, sent.length - 1);
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, sent };
}
