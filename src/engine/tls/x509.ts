/**
 * @peculiar/x509, always with the Reflect metadata polyfill its dependency injection (tsyringe)
 * needs loaded first — whichever module imports it first — and Node's WebCrypto as its provider.
 * Import the library from here, never directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
