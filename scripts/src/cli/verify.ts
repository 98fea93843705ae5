/**
 * `yarn verify [--json] [--stage <name> [--region <r>]]`
 * Recomputes every tally from the saved votes and from the audit log (its Vote Cast events) and
 * compares both with the candidates' voteCounts; compares every ballot's state with the audit
 * log's Ballot Verified events (from the seed's states, where `yarn run init` starts the log).
 * Prints the differences; exits 1 if there is any, 2 if it cannot read the tables.
 * Local stack unless --stage is given.
 */
import { formatReconciliation, verifyTables } from '../verify';
import { runTableCheck } from './tableCheck';

runTableCheck({ command: 'verify', check: verifyTables, format: formatReconciliation });
