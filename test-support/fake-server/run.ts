import { parseArgs } from 'node:util';
import { seedFakeData } from './fake-data';
import { FakeSupervisely } from './fake-supervisely';

/**
 * `npm run fake-server -- [--images N] [--projects N] [--port P] [--token T] [--seed S]
 * [--max-per-page N] [--legacy-page-paging]`: the tests' fake Supervisely on 127.0.0.1, for
 * trying sync by hand (`npx loupe sync --server <url> …`). Ctrl+C stops it.
 */
const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '2000' },
    projects: { type: 'string', default: '2' },
    port: { type: 'string', default: '0' },
    token: { type: 'string', default: 'fake-token' },
    seed: { type: 'string', default: '1' },
    'max-per-page': { type: 'string' },
    'legacy-page-paging': { type: 'boolean', default: false },
  },
});

const count = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, not "${text}"`);
  return n;
};

const projects = Array.from({ length: count('projects', values.projects) ?? 2 }, (_, i) => ({
  name: `Project ${i + 1}`,
  images: count('images', values.images) ?? 2000,
}));
const { data, projectIds } = seedFakeData({ seed: count('seed', values.seed), token: values.token, projects });
const fake = new FakeSupervisely(data, {
  maxPerPage: count('max-per-page', values['max-per-page']),
  legacy: values['legacy-page-paging'] ? { tokenPaging: 'refuse' } : undefined,
});
void fake.start(count('port', values.port)).then((url) => {
  console.log(JSON.stringify({ url, token: values.token, projectIds }));
  process.on('SIGINT', () => void fake.stop().then(() => process.exit(0)));
});
