export { api, methodQuery, transport } from './client';
export { ApiError, isApiError } from './api-error';
export { useQuery, useAction, toApiError, type Query, type QueryKey, type Action } from './hooks';
export { queryClient } from './query-client';
export { prefetchQueries, type QueryDef } from './prefetch';
