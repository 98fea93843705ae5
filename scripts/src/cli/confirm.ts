import readline from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal before a command changes a deployed stage. Without a
 * terminal (a script, CI) the answer is no: such callers pass `--yes` instead.
 */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(question);
  prompt.close();
  return /^y(es)?$/i.test(answer.trim());
}
