import type { AppError } from '../../../shared/errors.js';
import type { Directory } from '../directory/directory.js';
import type { DmsClient } from './client.js';
import { DmsApiError } from './errors.js';

export interface Person {
  readonly uid: string;
  readonly name: string;
}

/**
 * DMS user ids (CommitterId, CurrentHandler.Id) → people of the users directory. GetUser gives the
 * Alibaba Cloud UID (the id DMS's webhook uses), nickname, mobile and e-mail; each new person is
 * added to the users directory so the sender can find their DingTalk / Feishu id by mobile or e-mail.
 * One instance per poll: it caches answers for that poll only.
 *
 * A failure that retrying cannot fix (e.g. RAM lacks dms:GetUser) does not hold the event back: the
 * person is named by the DMS id and the failure is reported as a warning. Retryable failures throw, so
 * the poll fails and the event is tried again next time.
 */
export class PeopleResolver {
  readonly warnings: AppError[] = [];
  private readonly cache = new Map<string, Person>();

  constructor(
    private readonly client: DmsClient,
    private readonly directory: Pick<Directory, 'adoptFromDms'>,
    private readonly signal: AbortSignal,
  ) {}

  async resolve(dmsUserId: string, fallbackName: string): Promise<Person> {
    const hit = this.cache.get(dmsUserId);
    if (hit) return hit;
    let person: Person;
    try {
      const user = await this.client.getUser(dmsUserId, this.signal);
      person = { uid: user.Uid || user.UserId || dmsUserId, name: user.NickName || fallbackName };
      this.directory.adoptFromDms({ uid: person.uid, name: person.name, mobile: user.Mobile, email: user.Email });
    } catch (err) {
      person = { uid: dmsUserId, name: fallbackName };
      this.tolerate(err);
    }
    this.cache.set(dmsUserId, person);
    return person;
  }

  /** The approvers DMS waits for now, and the approval title; null when the order has no workflow. */
  async approvalOf(orderId: string): Promise<{ approvers: Person[]; title: string } | null> {
    try {
      const info = await this.client.getOrderBaseInfo(orderId, this.signal);
      if (info.WorkflowInstanceId === null) return null;
      const detail = await this.client.getApprovalDetail(info.WorkflowInstanceId, this.signal);
      const approvers: Person[] = [];
      for (const h of detail.CurrentHandlers) approvers.push(await this.resolve(h.Id, h.NickName));
      return { approvers, title: detail.Title };
    } catch (err) {
      this.tolerate(err);
      return null;
    }
  }

  /** A problem worth showing that does not stop the poll. */
  warn(err: AppError): void {
    this.warnings.push(err);
  }

  private tolerate(err: unknown): void {
    if (err instanceof DmsApiError && !err.failure.retryable) {
      if (!this.warnings.some((w) => w instanceof DmsApiError && w.failure.code === err.failure.code && w.failure.action === err.failure.action)) {
        this.warnings.push(err);
      }
      return;
    }
    throw err;
  }
}
