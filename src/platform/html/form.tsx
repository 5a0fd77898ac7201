import type { ComponentChildren } from 'preact';
import type { FormState } from '../http/forms.js';

/**
 * Form fields that show what was typed and the message beside the field, wired for screen readers
 * (aria-invalid, aria-describedby). Labels are the glossary's words, passed in by the page.
 */
/** `heading` words the summary's first line in the page's language (default zh-Hant). */
export function ErrorSummary(props: { form: FormState; labels: Readonly<Record<string, string>>; heading?: (count: number) => string }) {
  const entries = Object.entries(props.form.errors);
  if (entries.length === 0) return null;
  return (
    <div class="form-errors" role="alert" tabIndex={-1}>
      <p class="form-errors__title">{props.heading ? props.heading(entries.length) : `請修正以下 ${entries.length} 個問題：`}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field ? <a href={`#field-${field}`}>{`${props.labels[field] ?? field}：${message}`}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldShell(props: { name: string; label: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      <label class="field__label" for={`field-${props.name}`}>
        {props.label}
      </label>
      {props.hint ? (
        <p class="field__hint" id={`hint-${props.name}`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p class="field__error" id={`error-${props.name}`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function described(name: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function TextField(props: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'password' | 'url';
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
}) {
  const error = props.form.errors[props.name];
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        // preact types each input type's attributes separately; these five share every attribute used here.
        type={(props.type ?? 'text') as 'text'}
        value={props.form.values[props.name] ?? ''}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, error)}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: { form: FormState; name: string; label: string; hint?: string; required?: boolean; rows?: number }) {
  const error = props.form.errors[props.name];
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 8}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, error)}
      >
        {props.form.values[props.name] ?? ''}
      </textarea>
    </FieldShell>
  );
}

/** A choice from a fixed list; with `none`, an empty first option for "not set". */
export function SelectField(props: { form: FormState; name: string; label: string; options: ReadonlyArray<readonly [string, string]>; none?: string }) {
  const error = props.form.errors[props.name];
  const value = props.form.values[props.name] ?? '';
  return (
    <FieldShell name={props.name} label={props.label} error={error}>
      <select id={`field-${props.name}`} name={props.name} aria-invalid={error ? 'true' : undefined} aria-describedby={described(props.name, undefined, error)}>
        {props.none !== undefined ? (
          <option value="" selected={value === ''}>
            {props.none}
          </option>
        ) : null}
        {props.options.map(([v, label]) => (
          <option value={v} selected={v === value}>
            {label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
