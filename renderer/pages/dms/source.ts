import type { DmsConnectionView, DmsTestRun, WatcherStatus } from '../../../shared/contract/dms';
import type { MethodInput } from '../../../shared/contract/index';
import { api } from '../../api';

export type DmsSaveRequest = MethodInput<'dms.saveConnection'>;

export const loadConnection = (): Promise<DmsConnectionView> => api['dms.getConnection']({});
export const saveConnection = (req: DmsSaveRequest): Promise<DmsConnectionView> => api['dms.saveConnection'](req);
export const startTest = (): Promise<DmsTestRun> => api['dms.testStart']({});
export const getTest = (runId: string): Promise<DmsTestRun> => api['dms.testGet']({ runId });
export const cancelTest = (runId: string): Promise<DmsTestRun> => api['dms.testCancel']({ runId });
export const loadWatcher = (): Promise<WatcherStatus> => api['dms.watcherStatus']({});
export const startWatcher = (): Promise<WatcherStatus> => api['dms.watcherStart']({});
export const stopWatcher = (): Promise<WatcherStatus> => api['dms.watcherStop']({});
export const pollNow = (): Promise<WatcherStatus> => api['dms.pollNow']({});
