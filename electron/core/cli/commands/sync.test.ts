import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test-support/temp-dir';
import { seedFakeData } from '../../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../../test-support/fake-server/fake-supervisely';
import { runCli } from '../cli';
import { readEnvFile } from './sync';

const TOKEN = 'SENTINEL-cli-token-abcdef0123456789';
const dir = useTempDir();
let fake: FakeSupervisely | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(images = 150) {
  const { data, projectIds } = seedFakeData({ token: TOKEN, projects: [{ name: 'Streets', images }, { name: 'Other', images: 20 }] });
  fake = new FakeSupervisely(data);
  await fake.start();
  return { data, projectIds, url: fake.url };
}

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { HOME: dir(), ...env }, isTTY: false });
  return { code, out, err };
}

describe('loupe sync', () => {
  it('syncs the named project with the token from API_TOKEN, and prints the summary line', async () => {
    const { url, projectIds, data } = await start();
    const cache = join(dir(), 'c.sqlite');
    const pid = String(projectIds[0]);
    const first = await cli(['--cache', cache, 'sync', '--server', url, '--project', pid], { API_TOKEN: TOKEN });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^added=150 updated=0 deleted=0 seconds=\d+\.\d\n$/);
    expect(first.err).toMatch(/connected to 127\.0\.0\.1:\d+ as alice \(server 6\.17\.8\)/);
    expect(first.err).toMatch(/Streets \(\d+\): synced, 150 records cached/);
    const ids = [...data.snapshot(projectIds[0] as number).keys()];
    data.editImage(ids[0] as number);
    data.deleteImage(ids[1] as number);
    data.deleteImage(ids[2] as number);
    // Without --project: the projects synced before (ticked) are synced again.
    const second = await cli(['--cache', cache, 'sync', '--server', url], { API_TOKEN: TOKEN });
    expect(second.out).toMatch(/^added=0 updated=1 deleted=2 /);
    expect((await cli(['--cache', cache, 'count'], {})).out).toBe('148\n');
    for (const r of [first, second]) expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('reads SERVER_ADDRESS and API_TOKEN from ~/supervisely.env, like the SDK', async () => {
    const { url, projectIds } = await start(30);
    writeFileSync(join(dir(), 'supervisely.env'), `# written by the SDK\nSERVER_ADDRESS="${url}"\nexport API_TOKEN='${TOKEN}'\n`);
    const r = await cli(['--cache', join(dir(), 'c.sqlite'), 'sync', '--project', String(projectIds[0]), '--full'], {});
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^added=30 /) });
    expect(readEnvFile('A=1 # note\nB = "x y"\n#C=2\n')).toEqual({ A: '1', B: 'x y' });
  });

  it('refuses a token on the command line, and fails clearly without one, with a bad one, or with no server', async () => {
    const { url } = await start(5);
    const cache = join(dir(), 'c.sqlite');
    const argv = await cli(['--cache', cache, 'sync', '--server', url, '--token', TOKEN], {});
    expect(argv.code).toBe(2);
    expect(argv.err).toMatch(/--token is not accepted: process lists show command lines/);
    const none = await cli(['--cache', cache, 'sync', '--server', url], {});
    expect(none).toMatchObject({ code: 1, err: expect.stringMatching(/^loupe: no API token: set API_TOKEN/) });
    const bad = await cli(['--cache', cache, 'sync', '--server', url], { API_TOKEN: 'not-the-token' });
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/^loupe: 127\.0\.0\.1:\d+ rejected the API token \(HTTP 401/) });
    await fake!.stop();
    const gone = await cli(['--cache', cache, 'sync', '--server', url], { API_TOKEN: TOKEN });
    expect(gone).toMatchObject({ code: 1, err: expect.stringMatching(/^loupe: Cannot reach 127\.0\.0\.1:\d+: connection refused/) });
    const nothing = await start(5);
    const empty = await cli(['--cache', cache, 'sync', '--server', nothing.url], { API_TOKEN: TOKEN });
    expect(empty).toMatchObject({ code: 1, err: expect.stringMatching(/Nothing to sync .* --project ID/) });
  });

  it('works as the `loupe` binary, progress on stderr and the summary on stdout', async () => {
    const { url, projectIds } = await start(60);
    const bin = resolve(__dirname, '../../../../bin/loupe.cjs');
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, '--cache', join(dir(), 'c.sqlite'), 'sync', '--server', url, '--project', String(projectIds[0])], {
      env: { ...process.env, API_TOKEN: TOKEN, HOME: dir() },
    });
    expect(stdout).toMatch(/^added=60 updated=0 deleted=0 seconds=/);
    expect(stderr).toMatch(/Streets \(\d+\): synced, 60 records cached/);
  });
});
