export {
  decodeConfirmation,
  encodeConfirmation,
  type ServerConfirmation,
  serverConfirmedType,
} from './confirmation-message.ts';
export {
  type BackoffOptions,
  ReconnectSchedule,
  type ScheduleClock,
  systemClock,
} from './reconnect-schedule.ts';
export {
  ServerConfirmations,
  ServerConfirmedEvent,
  type ServerStateStore,
} from './server-confirmations.ts';
export { type GatewayState, ServerGateway, type ServerGatewayOptions } from './server-gateway.ts';
export type { WireCounts } from './server-tap.ts';
