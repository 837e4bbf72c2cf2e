/** A TLS option that cannot be used: one line naming the option (and the file), for a usage error (exit 2), never a stack. */
export class TlsOptionError extends Error {}
