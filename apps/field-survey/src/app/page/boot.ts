/**
 * The page's entry (bundled as `survey.js`): opens the app's workspace and mounts the survey. Who uses the device
 * is asked once and kept in `localStorage`; the device gets a random id. Query parameters, for tests and
 * demonstrations: `person`, `device`, and `now` (epoch ms or ISO date: the clock starts there and runs on), so a
 * test can record submissions "over three days". `globalThis.offgridSurvey` exposes the mounted page to them.
 */
import { appBlobs, openAppWorkspace } from '@offgrid/framework';
import { mountSurvey } from './mount-survey.ts';

const params = new URLSearchParams(location.search);
const root = document.getElementById('survey') as HTMLElement;

function stored(key: string, make: () => string | null): string | null {
  const value = params.get(key) ?? localStorage.getItem(`offgrid-survey-${key}`) ?? make();
  if (value !== null) localStorage.setItem(`offgrid-survey-${key}`, value);
  return value;
}

function clock(): (() => number) | undefined {
  const start = params.get('now');
  if (start === null) return undefined;
  const base = /^\d+$/.test(start) ? Number(start) : Date.parse(start);
  if (!Number.isFinite(base)) return undefined;
  const loaded = Date.now();
  return () => base + (Date.now() - loaded);
}

function start(person: string): void {
  const device = stored('device', () => `device-${crypto.randomUUID().slice(0, 8)}`) as string;
  const workspace = openAppWorkspace('field-survey');
  const now = clock();
  const blobs = appBlobs(workspace);
  const survey = mountSurvey(root, workspace, {
    author: { device, person },
    blobs,
    ...(now ? { now } : {}),
  });
  Object.assign(globalThis, { offgridSurvey: { ...survey, workspace, blobs } });
}

const person = stored('person', () => null);
if (person !== null) start(person);
else {
  const form = document.createElement('form');
  form.className = 'who-form';
  form.innerHTML = `<h1>Field survey</h1><label for="person">Your name (recorded with every answer you give)</label>
    <input id="person" name="person" required autocomplete="name" /><button class="primary">Start</button>`;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = (new FormData(form).get('person') as string).trim();
    if (!name) return;
    localStorage.setItem('offgrid-survey-person', name);
    form.remove();
    start(name);
  });
  root.append(form);
}
