import Logger, { LogLevel } from '@matrixai/logger';

/** @matrixai/quic logs every connection and stream at INFO; sessions report what matters as events. */
export const quietLogger = new Logger('quic', LogLevel.ERROR, []);
