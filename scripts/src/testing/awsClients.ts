import type { AwsClients } from '../deploy/runner';

/** One SDK command as a fake client received it. */
export interface SentCommand {
  name: string;
  input: Record<string, unknown>;
}

/**
 * SDK clients that record each command and answer from `answers` by command name; a command
 * with no answer fails the test with `unexpected <name>`.
 */
export function fakeClients(answers: Record<string, (input: Record<string, unknown>) => unknown>): AwsClients & {
  sent: SentCommand[];
} {
  const sent: SentCommand[] = [];
  const sender = {
    async send(command: object) {
      const { name } = command.constructor;
      const input = (command as { input: Record<string, unknown> }).input;
      sent.push({ name, input });
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(input);
    },
  };
  return { dynamodb: sender, cognito: sender, cloudFormation: sender, s3: sender, cloudFront: sender, sent };
}

/** An error as the SDK throws it: the service's exception name in `name`. */
export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name });
