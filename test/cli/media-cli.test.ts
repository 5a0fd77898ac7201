import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/platform/db/database.js';
import { runCli } from '../support/cli.js';
import { projectRoot, sharedPath } from '../support/shared.js';
import { createDatabaseUrlForProcess } from '../support/test-app.js';

let dir: string;
let env: Record<string, string>;
let drop: () => Promise<void>;
const tagged = join(projectRoot, 'test/newsroom/fixtures/tagged-photo.jpg');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opdesk-media-cli-'));
  const database = await createDatabaseUrlForProcess(dir);
  drop = database.cleanup;
  env = { DATABASE_URL: database.url, MEDIA_DIR: join(dir, 'media'), BASE_URL: 'https://opinion.example.tw' };
  const imported = await runCli(['import', '--image', `1=${tagged}`, sharedPath('seed', 'ettoday-opinion-2026-01-08.txt')], env);
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(async () => {
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('opdesk media clean', () => {
  it('rewrites a public file an earlier release stored with EXIF and GPS, keeps its address, and leaves clean files alone', async () => {
    const db = createDatabase(env.DATABASE_URL ?? '');
    const image = await db.kysely.selectFrom('images').select(['id', 'storage_key']).executeTakeFirstOrThrow();
    await db.destroy();
    const path = join(dir, 'media', 'originals', image.storage_key);
    // What an earlier release kept: the upload as it came, GPS position and all.
    writeFileSync(path, readFileSync(tagged));
    expect((await sharp(readFileSync(path)).metadata()).exif).toBeDefined();

    const first = await runCli(['media', 'clean'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('已檢查 1 張圖片，清除了 1 張');
    const meta = await sharp(readFileSync(path)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);

    const again = await runCli(['media', 'clean'], env);
    expect(again.stdout).toContain('清除了 0 張');
  });

  it('says which originals are missing and exits 1', async () => {
    const res = await runCli(['media', 'clean'], { ...env, MEDIA_DIR: join(dir, 'elsewhere') });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('的原始檔不在');
  });
});
