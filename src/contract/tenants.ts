/**
 * The credentials `ignored_auth` tries besides none at all: the run's own made invalid (each
 * credential header's secret changed, its scheme kept — `Bearer abc` → `Bearer abc-not-valid`), which a
 * server that checks only that a token is present accepts; and, where the vendor has tenants,
 * another tenant's (given by the caller), which must not reach this tenant's resources.
 */
export function invalidCredentials(auth: Record<string, string>): Record<string, string> | undefined {
  const names = Object.keys(auth);
  if (!names.length) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(auth)) {
    const m = /^(\S+\s+)(\S.*)$/.exec(value);
    out[name] = m ? `${m[1]}${m[2]}-not-valid` : `${value}-not-valid`;
  }
  return out;
}
