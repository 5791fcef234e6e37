// The use cases, wired to a store. Services know nothing of GraphQL, Apollo or HTTP.
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { Store } from '../repositories/ports';
import { AccountService } from './accounts';
import { systemClock, type Clock } from './clock';
import { CommentService } from './comments';
import { EventService } from './events';
import { TicketService } from './tickets';

export interface Services {
  accounts: AccountService;
  events: EventService;
  tickets: TicketService;
  comments: CommentService;
}

export function createServices(store: Store, config: Config, logger: Logger, clock: Clock = systemClock): Services {
  const { maxTicketsPerOrder, idempotencyWaitMs } = config.flows;
  return {
    accounts: new AccountService(store, clock, config.bcryptCost),
    events: new EventService(store, clock, { maxTicketsPerUser: maxTicketsPerOrder }),
    tickets: new TicketService(store, clock, { maxTicketsPerOrder, idempotencyWaitMs }, logger),
    comments: new CommentService(store, clock),
  };
}
