// Moved to src/common/request-token.ts (the rate limiter, below the modules, reads them too); re-exported here.
export { Public, bearerToken, hashToken, isPublic } from '../../common/request-token.js';
