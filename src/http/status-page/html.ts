import { createHash } from 'node:crypto';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

export function formatInstant(locale: string, iso: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}

/** An instant as the page shows it: UTC from the server, rewritten into the reader's time zone by LOCAL_TIME_SCRIPT; UTC stays on hover. */
export function timeElement(locale: string, iso: string): string {
  const utc = formatInstant(locale, iso);
  return `<time datetime="${esc(iso)}" title="${esc(utc)}">${esc(utc)}</time>`;
}

/** Rewrites every `<time datetime>` into the reader's own time zone, named, in the page's language. */
// The zone goes last, in brackets of the page's language ("2026年12月2日 06:05（GMT+8）"), not where Intl puts it.
export const LOCAL_TIME_SCRIPT = `(()=>{const l=document.documentElement.lang,zh=l.startsWith('zh'),f=new Intl.DateTimeFormat(l,{year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit',timeZoneName:'short'});for(const t of document.querySelectorAll('time[datetime]')){const d=new Date(t.dateTime);if(isNaN(d))continue;const p=f.formatToParts(d),z=p.find(x=>x.type==='timeZoneName'),s=p.filter(x=>x.type!=='timeZoneName').map(x=>x.value).join('').replace(/\\s+/g,' ').replace(/[\\s,]+$/,'').trim();t.textContent=z?s+(zh?'（'+z.value+'）':' ('+z.value+')'):s}})()`;

/** The CSP source that allows exactly LOCAL_TIME_SCRIPT and no other script. */
export const LOCAL_TIME_SCRIPT_HASH = `'sha256-${createHash('sha256').update(LOCAL_TIME_SCRIPT).digest('base64')}'`;

export const STYLE = `
:root{color-scheme:light;--ok:#1a7f37;--deg:#9a6700;--part:#bc4c00;--major:#cf222e;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.15rem;margin:2rem 0 .6rem}h3{font-size:1rem;margin:0 0 .4rem}
nav a{margin-left:.6rem;color:#0969da}a{color:#0969da}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600;margin:1rem 0}.banner.operational{background:var(--ok)}.banner.under_maintenance{background:#0969da}.banner.partially_degraded,.banner.degraded,.banner.minor_outage{background:var(--deg)}.banner.partial_outage,.banner.affected{background:var(--part)}.banner.major_outage{background:var(--major)}
ul.components{list-style:none;padding:0;margin:0;background:#fff;border:1px solid var(--line);border-radius:.5rem}
ul.components li{display:flex;justify-content:space-between;padding:.6rem 1rem;border-top:1px solid var(--line)}ul.components li:first-child{border-top:0}
.state{font-weight:600}.state.operational{color:var(--ok)}.state.degraded{color:var(--deg)}.state.partial_outage{color:var(--part)}.state.major_outage{color:var(--major)}.state.under_maintenance{color:#0969da}
article{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:.6rem 0}
ol.updates{list-style:none;padding:0;margin:0}ol.updates li{padding:.4rem 0;border-top:1px dashed var(--line)}ol.updates li:first-child{border-top:0}
time,.muted{color:var(--muted);font-size:.9rem}p.text{margin:.2rem 0;white-space:pre-wrap}
form{display:flex;gap:.5rem;flex-wrap:wrap}input[type=email]{flex:1;min-width:12rem;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;font:inherit}
button{padding:.5rem 1rem;border:0;border-radius:.4rem;background:#0969da;color:#fff;font:inherit;cursor:pointer}.error{color:var(--major)}footer{margin-top:2rem}
`;
