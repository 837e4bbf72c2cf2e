/**
 * Where the mock keeps what must outlive a run (its local CA and server certificate): the user's
 * data home, never the package folder (an upgrade would lose the CA the phone trusts; a global
 * install may not be writable) nor the working directory (a CA key in a project, one commit away
 * from a repository).
 *
 * @example
 *   defaultDataDir({ XDG_DATA_HOME: '/home/ann/.data' }, 'linux', '/home/ann') // '/home/ann/.data/groups-mock'
 *   defaultDataDir({}, 'darwin', '/Users/ann') // '/Users/ann/Library/Application Support/groups-mock'
 */
import { homedir } from 'node:os';
import { isAbsolute, join, win32 } from 'node:path';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return local ? win32.join(local, 'groups-mock') : win32.join(home, 'AppData', 'Local', 'groups-mock');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'groups-mock');
  // The XDG base directory spec: a relative XDG_DATA_HOME is invalid and is ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'groups-mock');
}
