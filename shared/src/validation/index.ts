export { validateDetail, validateBallotRequest, parseBusEvent } from './validate';
export type { Validation } from './validate';
