/**
 * The one entry point to `@peculiar/x509` in this package. Its dependency injection (tsyringe) throws at
 * load time unless a Reflect metadata polyfill is loaded first, and it needs a WebCrypto provider; doing
 * both here means no importer can get the order wrong. Import `x509` from this module, never directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
