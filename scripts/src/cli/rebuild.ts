/**
 * `yarn run rebuild [--json] [--stage <name> [--region <r>]]`
 * Folds the audit log alone (each ballot's stream in revision order) into ballot states and
 * tallies, and compares them with the voters and elections tables. Prints the differences in
 * `yarn verify`'s format; exits 1 if there is any, 2 if it cannot read the tables. Writes
 * nothing. Local stack unless --stage is given.
 */
import { formatRebuild, rebuildTables } from '../rebuild';
import { runTableCheck } from './tableCheck';

runTableCheck({ command: 'rebuild', check: rebuildTables, format: formatRebuild });
