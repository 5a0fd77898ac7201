import * as exifrModule from 'exifr';
import sharp from 'sharp';

/**
 * The caption and credit a photographer or agency embedded in the file, to pre-fill the library's defaults:
 * XMP (dc:description, photoshop:Credit, else dc:creator) where present — it is Unicode by definition — else
 * IPTC (Caption-Abstract, Credit, else By-line). sharp finds the XMP packet in every accepted format (PNG keeps
 * it compressed, which exifr does not read); exifr parses it and reads the IPTC record of JPEGs.
 */
export async function readEmbeddedCaption(bytes: Buffer): Promise<{ caption: string | null; credit: string | null }> {
  const xmp = await readXmp(bytes);
  const iptc = await readIptc(bytes);
  return {
    caption: clean(xmp.caption) ?? clean(iptc.caption),
    credit: clean(xmp.credit) ?? clean(iptc.credit),
  };
}

/**
 * exifr ships a UMD build (its `main`, what Node loads: everything on the default export) and an ES module (its
 * `module`, what vitest loads: named exports, and a default without `sidecar`). Take whichever has the functions.
 */
const exifr: Pick<typeof exifrModule, 'parse' | 'sidecar'> =
  typeof exifrModule.sidecar === 'function' ? exifrModule : (exifrModule as unknown as { default: typeof exifrModule }).default;

type Found = { caption?: unknown; credit?: unknown };

async function readXmp(bytes: Buffer): Promise<Found> {
  try {
    const packet = (await sharp(bytes, { limitInputPixels: false }).metadata()).xmp;
    if (!packet) return {};
    const parsed = (await exifr.sidecar(packet, { xmp: true }, 'xmp')) as Record<string, Record<string, unknown> | undefined> | undefined;
    return { caption: langAlt(parsed?.dc?.description), credit: parsed?.photoshop?.Credit ?? firstOf(parsed?.dc?.creator) };
  } catch {
    return {};
  }
}

async function readIptc(bytes: Buffer): Promise<Found> {
  try {
    const parsed = (await exifr.parse(bytes, { iptc: true, tiff: false, xmp: false, icc: false, jfif: false, ihdr: false })) as Record<string, unknown> | undefined;
    return { caption: utf8(parsed?.Caption), credit: utf8(parsed?.Credit) ?? utf8(firstOf(parsed?.Byline)) };
  } catch {
    return {};
  }
}

/** An rdf:Alt comes back as {lang, value} or a list of them; the x-default (or first) one is the caption. */
function langAlt(v: unknown): unknown {
  if (Array.isArray(v)) return langAlt(v.find((x: { lang?: unknown }) => x?.lang === 'x-default') ?? v[0]);
  if (v && typeof v === 'object' && 'value' in v) return (v as { value: unknown }).value;
  return v;
}

function firstOf(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * exifr reads IPTC text as Latin-1 whatever the record's character set says; agencies write UTF-8 (路透 arrives
 * as "è·¯é\x80\x8F"). Text that is valid UTF-8 read byte for byte is taken as UTF-8; anything else is left as is.
 */
function utf8(v: unknown): unknown {
  if (typeof v !== 'string' || !/[\u0080-\u00ff]/.test(v) || /[^\u0000-\u00ff]/.test(v)) return v;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(v, 'latin1'));
  } catch {
    return v;
  }
}

/** One line of plain text, at most 500 characters, or nothing. */
function clean(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const text = v.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? null : [...text].slice(0, 500).join('');
}
