export { DEFAULT_TIMEOUTS, type ServerTimeouts } from '../net/timeouts.js';
export { createHttpServer, createRequestHandler, notLoopbackError } from './server.js';
export { createRoutesListener } from '../net/routes.js';
export type { HttpRoute, HttpServerOptions, RequestHandlerOptions, RequestListener, RunningHttpServer } from './server.js';
export { DEFAULT_BODY_LIMIT, readBody, readJsonBody, parseJsonBody } from '../net/body.js';
export { sendError, sendJson, notFound } from '../net/respond.js';
export { isLoopbackBindHost } from '../net/request-guards.js';
