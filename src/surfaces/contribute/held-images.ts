import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../platform/time.js';

/** A picture kept between a form that came back with errors and the writer's next send: at most this long. */
export const HELD_FOR_MS = 24 * 60 * 60 * 1000;

// The id carries the time it was held (base 36 ms) and 32 random characters: unguessable, and old ones can be
// swept by name with the injected clock. Checked before it ever becomes a path.
const ID = /^([0-9a-z]{6,11})-([A-Za-z0-9_-]{32})$/;

/**
 * Pictures of a 我要投稿 form that passed the content check while something else on the form did not, so the
 * writer need not choose them again (a file input cannot be refilled). Only the cleaned copy is kept (no EXIF,
 * no GPS), under MEDIA_DIR (shared by every instance that shares the media files) in a dot-directory, which the
 * /media static server refuses to serve; each is deleted once sent or after HELD_FOR_MS.
 */
export class HeldImages {
  private readonly dir: string;
  private lastSweep = 0;

  constructor(
    mediaDir: string,
    private readonly clock: Clock,
  ) {
    this.dir = join(mediaDir, '.contribute-held');
  }

  async hold(bytes: Buffer): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const id = `${this.clock.now().getTime().toString(36)}-${randomBytes(24).toString('base64url')}`;
    await writeFile(join(this.dir, id), bytes, { mode: 0o600 });
    void this.sweep();
    return id;
  }

  /** The held bytes, or null for an id that is malformed, unknown or past its time. */
  async read(id: string): Promise<Buffer | null> {
    if (!this.fresh(id)) return null;
    return readFile(join(this.dir, id)).catch(() => null);
  }

  async release(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.filter((id) => ID.test(id)).map((id) => rm(join(this.dir, id), { force: true })));
  }

  private fresh(id: string): boolean {
    const m = ID.exec(id);
    if (!m) return false;
    const age = this.clock.now().getTime() - parseInt(m[1] ?? '', 36);
    return age >= 0 && age <= HELD_FOR_MS;
  }

  /** Deletes what nobody came back for; at most every ten minutes, never in the way of a request. */
  async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastSweep < 10 * 60 * 1000) return;
    this.lastSweep = now;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await this.release(names.filter((name) => ID.test(name) && !this.fresh(name))).catch(() => undefined);
  }
}
