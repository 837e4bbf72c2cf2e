/**
 * APIs: the vendors served — base URL, demo credentials — and each one's API reference rendered by
 * Swagger UI (swagger-ui-dist, served by the mock under /__ui/swagger/, loaded when first asked for)
 * from the spec the mock serves, its `servers` narrowed to this mock so "Try it out" calls the
 * mock only, in the namespace picked (`X-Mock-Namespace`), never the vendor's production URL.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError, download } from '../admin.js';
import { html } from '../html.js';
import type { ApiInfo } from '../types.js';
import { specOf } from './faults.js';

declare global {
  interface Window {
    SwaggerUIBundle?: (opts: Record<string, unknown>) => unknown;
  }
}

let swaggerLoading: Promise<void> | undefined;
function loadSwagger(): Promise<void> {
  swaggerLoading ??= new Promise<void>((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/__ui/swagger/swagger-ui.css';
    document.head.append(css);
    const script = document.createElement('script');
    script.src = '/__ui/swagger/swagger-ui-bundle.js';
    script.onload = () => resolve();
    script.onerror = () => {
      swaggerLoading = undefined;
      reject(new Error('Swagger UI did not load (is swagger-ui-dist installed?)'));
    };
    document.head.append(script);
  });
  return swaggerLoading;
}

function Reference({ api, namespace }: { api: ApiInfo; namespace: string }) {
  const node = useRef<HTMLDivElement>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    Promise.all([loadSwagger(), specOf(api.name)])
      .then(([, spec]) => {
        if (!live || !node.current || !window.SwaggerUIBundle) return;
        const doc = structuredClone(spec);
        doc.servers = [{ url: `${location.origin}/${api.name}`, description: 'this groups-mock server' }];
        // Swagger UI renders OpenAPI 3.1 with its default dialect only, and warns at the top otherwise.
        delete doc.jsonSchemaDialect;
        window.SwaggerUIBundle({
          spec: doc,
          domNode: node.current,
          validatorUrl: null,
          deepLinking: false,
          tryItOutEnabled: false,
          requestInterceptor: (r: { headers: Record<string, string> }) => {
            r.headers['X-Mock-Namespace'] = namespace;
            return r;
          },
        });
      })
      .catch((err) => live && setError(describeError(err).message));
    return () => {
      live = false;
    };
  }, [api.name, namespace]);
  return html`<div class="reference" aria-label=${`${api.title} API reference`}>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div ref=${node}></div>
  </div>`;
}

export function ApisView({ apis, namespace }: { apis: ApiInfo[]; namespace: string }) {
  const [open, setOpen] = useState<string>();
  const opened = apis.find((a) => a.name === open);
  return html`<section class="apis" aria-label="APIs">
    <ul class="cards">
      ${apis.map(
        (a) => html`<li class="card" key=${a.name}>
          <h3>${a.title}</h3>
          <p><span class="label">Base URL</span> <code>${a.baseUrl}</code></p>
          <ul class="demo">${a.demo.map((line) => html`<li><code>${line}</code></li>`)}</ul>
          <p class="buttons">
            <button aria-expanded=${open === a.name ? 'true' : 'false'} onClick=${() => setOpen(open === a.name ? undefined : a.name)}>
              ${open === a.name ? 'Hide' : 'Show'} ${a.name} API reference
            </button>
            <button onClick=${() => specOf(a.name).then((d) => download(`${a.name}.json`, JSON.stringify(d, null, 2)))}>
              Download ${a.name} spec
            </button>
          </p>
        </li>`,
      )}
    </ul>
    ${opened && html`<${Reference} key=${opened.name} api=${opened} namespace=${namespace} />`}
  </section>`;
}
