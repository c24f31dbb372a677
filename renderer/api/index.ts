export { api, transport } from './client';
export { ApiError, isApiError } from './api-error';
export { useQuery, useAction, toApiError, type Query, type Action } from './hooks';
