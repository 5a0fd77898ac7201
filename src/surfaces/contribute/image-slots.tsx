import { checkedCleanCopy, ImageRejected } from '../../modules/media/index.js';
import { IMAGE_RIGHTS, IMAGE_RIGHTS_LABELS, imageDetailProblems, type ImageProblemAt, type IncomingImage, MAX_SUBMISSION_IMAGE_BYTES } from '../../modules/submissions/index.js';
import { FieldShell, SelectField, TextField } from '../../platform/html/form.js';
import type { FormState, FormValues } from '../../platform/http/forms.js';
import { filesIn, type UploadedFile } from '../../platform/http/uploads.js';
import type { HeldImages } from './held-images.js';

/**
 * The picture slots of a form (我要投稿 and the revision form): field `${prefix}${n}` is the file, with
 * `…Caption`, `…Credit`, `…Rights` beside it; `…Held` / `…HeldName` name a picture kept from the previous send
 * (held-images.ts) and `…Drop` lets it go.
 */
export interface ImageSlot {
  readonly n: number;
  readonly file: UploadedFile | null;
  held: { id: string; name: string } | null;
  readonly caption: string;
  readonly credit: string;
  readonly rights: string;
  /** The bytes to send (a new file, or the held copy); null when the slot has no picture. */
  bytes: Buffer | null;
}

const MB = 1024 * 1024;

export const slotField = (prefix: string, n: number, part: '' | 'Caption' | 'Credit' | 'Rights' | 'Held' | 'HeldName' | 'Drop' = '') => `${prefix}${n}${part}`;

export function slotLabels(prefix: string, slots: number): Record<string, string> {
  const labels: Record<string, string> = { [`${prefix}s`]: '圖片' };
  for (let n = 1; n <= slots; n++) {
    labels[slotField(prefix, n)] = `圖片 ${n}`;
    labels[slotField(prefix, n, 'Caption')] = `圖片 ${n} 的圖說`;
    labels[slotField(prefix, n, 'Credit')] = `圖片 ${n} 的來源`;
    labels[slotField(prefix, n, 'Rights')] = `圖片 ${n} 的授權`;
  }
  return labels;
}

/** Reads the slots of one form; files beyond `slots` (or several in one field) are counted in `extraFiles`. */
export async function readSlots(body: unknown, values: FormValues, prefix: string, slots: number, held: HeldImages): Promise<{ slots: ImageSlot[]; extraFiles: number; errors: Record<string, string> }> {
  const out: ImageSlot[] = [];
  const errors: Record<string, string> = {};
  let extraFiles = 0;
  const fieldNames = body && typeof body === 'object' ? Object.keys(body as Record<string, unknown>) : [];
  for (const name of fieldNames) {
    const m = new RegExp(`^${prefix}(\\d+)$`).exec(name);
    if (m && Number(m[1]) > slots) extraFiles += filesIn(body, name).length;
  }
  for (let n = 1; n <= slots; n++) {
    const files = filesIn(body, slotField(prefix, n));
    extraFiles += Math.max(0, files.length - 1);
    const file = files[0] ?? null;
    const heldId = values[slotField(prefix, n, 'Held')] ?? '';
    const drop = values[slotField(prefix, n, 'Drop')] === 'on';
    const slot: ImageSlot = {
      n,
      file,
      held: null,
      caption: values[slotField(prefix, n, 'Caption')] ?? '',
      credit: values[slotField(prefix, n, 'Credit')] ?? '',
      rights: values[slotField(prefix, n, 'Rights')] ?? '',
      bytes: null,
    };
    if (file) {
      // A new file replaces the one kept from the last send.
      if (heldId) await held.release([heldId]);
      if (file.refused === 'too_large') errors[slotField(prefix, n)] = `圖片超過 ${MAX_SUBMISSION_IMAGE_BYTES / MB} MB，請縮小後再上傳`;
      else if (file.refused) errors[slotField(prefix, n)] = '這次送出的圖片合計太大，請縮小圖片後再選一次';
      else slot.bytes = file.data;
    } else if (heldId && drop) {
      await held.release([heldId]);
    } else if (heldId) {
      const bytes = await held.read(heldId);
      if (bytes) {
        slot.held = { id: heldId, name: (values[slotField(prefix, n, 'HeldName')] ?? '').slice(0, 200) };
        slot.bytes = bytes;
      } else {
        errors[slotField(prefix, n)] = '先前收到的這張圖片已逾時清除，請重新選擇';
      }
    }
    out.push(slot);
  }
  if (extraFiles > 0) errors[`${prefix}s`] = `最多附 ${slots} 張圖片，多出的檔案沒有收下`;
  return { slots: out, extraFiles, errors };
}

/** A slot is in use when it has a picture or the writer typed anything beside one. */
const inUse = (s: ImageSlot) => s.bytes !== null || s.file !== null || s.caption.trim() !== '' || s.credit.trim() !== '' || s.rights !== '';

/** The checks that need no file read: the words beside each picture, and words without a picture. */
export function slotProblems(prefix: string, slots: readonly ImageSlot[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const slot of slots.filter(inUse)) {
    if (slot.bytes === null && slot.file === null) {
      errors[slotField(prefix, slot.n)] = '請選擇圖片檔，或清空這張圖片的圖說與來源';
      continue;
    }
    for (const p of imageDetailProblems(slot, slot.n - 1)) errors[slotField(prefix, slot.n, partOf(p))] ??= p.message;
  }
  return errors;
}

const partOf = (p: ImageProblemAt) => (p.field === 'file' ? '' : p.field === 'caption' ? 'Caption' : p.field === 'credit' ? 'Credit' : 'Rights');

/** The pictures to send, in slot order, with where each came from (the module reports problems by position). */
export function incoming(slots: readonly ImageSlot[]): { images: IncomingImage[]; slotOf: number[] } {
  const used = slots.filter((s) => s.bytes !== null);
  return {
    images: used.map((s) => ({ bytes: s.bytes as Buffer, originalName: s.file?.filename || s.held?.name || null, caption: s.caption, credit: s.credit, rights: s.rights })),
    slotOf: used.map((s) => s.n),
  };
}

export function problemsBySlot(prefix: string, problems: readonly ImageProblemAt[], slotOf: readonly number[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const n = slotOf[p.index];
    if (n === undefined) errors[`${prefix}s`] ??= p.message;
    else errors[slotField(prefix, n, partOf(p))] ??= p.message;
  }
  return errors;
}

/**
 * The form is going back to the writer: every new picture that passes the content check is kept (a cleaned
 * copy) so it need not be chosen again; one that fails gets its reason beside it.
 */
export async function holdForRetry(prefix: string, slots: ImageSlot[], errors: Record<string, string>, held: HeldImages): Promise<void> {
  for (const slot of slots) {
    if (!slot.file || slot.bytes === null || errors[slotField(prefix, slot.n)]) continue;
    if (slot.bytes.length > MAX_SUBMISSION_IMAGE_BYTES) {
      errors[slotField(prefix, slot.n)] = `圖片超過 ${MAX_SUBMISSION_IMAGE_BYTES / MB} MB，請縮小後再上傳`;
      continue;
    }
    try {
      const clean = await checkedCleanCopy(slot.bytes);
      slot.held = { id: await held.hold(clean.bytes), name: slot.file.filename.slice(0, 200) };
    } catch (error) {
      if (!(error instanceof ImageRejected)) throw error;
      errors[slotField(prefix, slot.n)] = error.reasonZh;
    }
  }
}

export async function releaseHeld(slots: readonly ImageSlot[], held: HeldImages): Promise<void> {
  await held.release(slots.flatMap((s) => (s.held ? [s.held.id] : [])));
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif';

/** The slots as form fields, with a kept picture named and the file input left for a new one. */
export function ImageSlots(props: { prefix: string; count: number; form: FormState; slots: readonly ImageSlot[] | null }) {
  const { prefix, form } = props;
  const rights = IMAGE_RIGHTS.map((r) => [r, IMAGE_RIGHTS_LABELS[r].zh] as const);
  return (
    <>
      {form.errors[`${prefix}s`] ? (
        <p class="field__error" id={`field-${prefix}s`}>
          {form.errors[`${prefix}s`]}
        </p>
      ) : null}
      {Array.from({ length: props.count }, (_, i) => i + 1).map((n) => {
        const slot = props.slots?.find((s) => s.n === n) ?? null;
        const name = slotField(prefix, n);
        const fileError = form.errors[name];
        const chosenBefore = !slot?.held && slot?.file && !fileError;
        return (
          <fieldset class="image-slot">
            <legend>{`圖片 ${n}`}</legend>
            <FieldShell name={name} label="圖片檔（JPEG、PNG、WebP 或 AVIF，10 MB 以內）" error={fileError}>
              {slot?.held ? (
                <div class="image-slot__held">
                  <p>
                    {`已收到「${slot.held.name || `圖片 ${n}`}」，不必重新選擇；要換一張，請在下面另選檔案。`}
                  </p>
                  <input type="hidden" name={slotField(prefix, n, 'Held')} value={slot.held.id} />
                  <input type="hidden" name={slotField(prefix, n, 'HeldName')} value={slot.held.name} />
                  <label class="check">
                    <input type="checkbox" name={slotField(prefix, n, 'Drop')} />
                    <span>不要這張圖片</span>
                  </label>
                </div>
              ) : chosenBefore ? (
                <p class="field__hint">請重新選擇這張圖片（瀏覽器無法自動帶回上次選的檔案）。</p>
              ) : null}
              <input id={`field-${name}`} type="file" name={name} accept={ACCEPT} aria-invalid={fileError ? 'true' : undefined} aria-describedby={fileError ? `error-${name}` : undefined} />
            </FieldShell>
            <TextField form={form} name={slotField(prefix, n, 'Caption')} label="圖說" maxLength={200} />
            <TextField form={form} name={slotField(prefix, n, 'Credit')} label="圖片來源（例：作者提供、路透）" maxLength={60} />
            <SelectField form={form} name={slotField(prefix, n, 'Rights')} label="授權" options={rights} none="請選擇這張圖片的授權來源" />
          </fieldset>
        );
      })}
    </>
  );
}
