import type { Config } from '../config.js';
import { cleanStoredOriginals } from '../modules/media/index.js';
import { createDatabase } from '../platform/db/database.js';
import { systemClock } from '../platform/time.js';
import { reportUpgrade, upgradeFromCli } from './index-progress.js';
import type { CliIo } from './io.js';

/**
 * `opdesk media clean`: after upgrading, rewrites public image files stored by earlier releases so none carries
 * EXIF, GPS, XMP or IPTC any more (new uploads are clean already). Another instance sees the change topic on its
 * next poll of the change log.
 */
export async function runMediaClean(config: Config, io: CliIo): Promise<number> {
  const db = createDatabase(config.databaseUrl);
  try {
    reportUpgrade(await upgradeFromCli(db, io), io);
    const result = await cleanStoredOriginals({ db, clock: systemClock, mediaDir: config.mediaDir });
    io.stdout.write(
      `已檢查 ${result.checked} 張圖片，清除了 ${result.cleaned} 張的 EXIF／GPS 等中繼資料` +
        (result.missing > 0 ? `；${result.missing} 張的原始檔不在 ${config.mediaDir}（請確認 MEDIA_DIR）` : '') +
        '\n',
    );
    return result.missing > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}
