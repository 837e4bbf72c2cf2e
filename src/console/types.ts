/** What the admin index (`GET /__admin`) says of each API served. */
export interface ApiInfo {
  name: string;
  title: string;
  baseUrl: string;
  spec: string;
  /** The demo tenant's credentials, as the banner prints them. */
  demo: string[];
}
