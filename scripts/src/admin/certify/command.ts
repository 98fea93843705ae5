/**
 * `yarn admin certify <electionId> [--stage <s> [--region <r>]] [--yes]`
 *
 * Certifies one election after its close (docs/certification.md): refuses before Election
 * Closed is recorded; runs the checks of `yarn verify` and `yarn run rebuild` for that election;
 * only if both are clean computes the final tallies and the SHA-256 digest of the election's
 * audit stream and puts Election Certified on the bus (source evote.elections). Certifying an
 * election already certified prints its certification and emits nothing. Exits 0 when the
 * election is certified (now or before), 1 when refused, 2 on a usage error.
 *
 * Local stack unless --stage is given: DynamoDB Local at AWS_ENDPOINT_URL_DYNAMODB (or
 * DYNAMODB_PORT) and the local bus at AWS_ENDPOINT_URL_EVENTBRIDGE (or EVENTBRIDGE_PORT). With
 * --stage, the stage's tables and bus `evote-<stage>` with the caller's AWS credentials, after a
 * confirmation unless --yes.
 */
import { confirm } from '../../cli/confirm';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { EntityType, readHistoryPage, type Key } from '@evote/audit';
import { electionKey, lifecycleOf } from '@evote/elections';
import { createPublisher, DetailType, IDENTIFIER_PATTERN, MAX_PAGE_SIZE, Source } from '@evote/shared';
import { parseArgs } from '../../cli/args';
import { withTarget, type StageTarget } from '../../cli/target';
import { certifyElection, describeOutcome, type CertifyDeps } from './certify';
import { electionChecks } from './checks';

const USAGE = 'usage: yarn admin certify <electionId> [--stage <s> [--region <r>]] [--yes]';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['yes', 'help'], values: ['stage', 'region'] });
  if (args.flags.help) {
    console.log(USAGE);
    return 0;
  }
  const [electionId, ...extra] = args.positional;
  if (electionId === undefined || extra.length > 0 || !new RegExp(IDENTIFIER_PATTERN).test(electionId)) {
    console.error(USAGE);
    return 2;
  }
  return withTarget({ stage: args.values.stage, region: args.values.region }, async (target) => {
    if (
      target.remote &&
      !args.flags.yes &&
      !(await confirm(`Certify election ${electionId} on ${target.describe}? [y/N] `))
    ) {
      console.log('Nothing was emitted.');
      return 1;
    }
    const outcome = await certifyElection(electionId, certifyDeps(target));
    const { text, code } = describeOutcome(electionId, outcome);
    (code === 0 ? console.log : console.error)(text);
    return code;
  });
}

/** The tables, the audit stream and the bus of the target. */
function certifyDeps(target: StageTarget): CertifyDeps {
  const tables = {
    voters: target.tableOf('evote-voters'),
    elections: target.tableOf('evote-elections'),
    audit: target.tableOf('evote-audit'),
  };
  const publisher = createPublisher({
    busName: `evote-${target.stage}`,
    source: Source.Elections,
    client: busClient(target),
  });
  return {
    async readElection(electionId) {
      const { Item } = await target.db.send(
        new GetCommand({ TableName: tables.elections, Key: electionKey(electionId), ConsistentRead: true }),
      );
      return Item ? lifecycleOf(Item) : undefined;
    },
    runChecks: (electionId) => electionChecks(target.db, tables, electionId),
    async readAuditStream(electionId) {
      // Page by page with the reader of GET /audit/Election/{id}/events, so the order is the API's.
      const events: unknown[] = [];
      let startKey: Key | undefined;
      do {
        const page = await readHistoryPage(
          target.db,
          tables.audit,
          { type: EntityType.Election, id: electionId },
          MAX_PAGE_SIZE,
          startKey,
        );
        events.push(...page.events);
        startKey = page.lastKey;
      } while (startKey);
      return events;
    },
    publish: async (detail) => {
      await publisher.publish([{ detailType: DetailType.ElectionCertified, detail }]);
    },
    now: () => new Date(),
  };
}

/** The local bus (as `yarn start` runs it), or the stage's through the usual credential chain. */
function busClient(target: StageTarget): EventBridgeClient {
  if (target.remote) return new EventBridgeClient({ region: target.region });
  return new EventBridgeClient({
    region: target.region,
    endpoint: process.env.AWS_ENDPOINT_URL_EVENTBRIDGE ?? `http://127.0.0.1:${process.env.EVENTBRIDGE_PORT ?? '4010'}`,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
