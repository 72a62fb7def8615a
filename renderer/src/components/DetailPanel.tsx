import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppError } from '../../../shared/errors';
import type { ImageDetail } from '../../../shared/records';
import { asAppError, call, thumbSrc } from '../api';
import { FIELD_GROUPS, type FieldKind } from '../detail-fields';
import { formatBytes, formatCount } from '../format';
import { CopyButton } from './CopyButton';
import { Icon } from './Icon';
import { JsonTree } from './JsonTree';

type Props = {
  /** The record to show; null while the focused row has not loaded (the last one stays). */
  rowId: number | null;
  onClose: () => void;
};

type Loaded = { rowId: number; detail: ImageDetail | null; error: AppError | null };

/** The right-hand panel: every field of the focused record, its tags, meta and raw JSON. */
export function DetailPanel({ rowId, onClose }: Props) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (rowId === null) return;
    let live = true;
    call('images:get', { row_id: rowId, lane: 'detail' }).then(
      (detail) => live && setLoaded({ rowId, detail, error: null }),
      (err: unknown) => live && setLoaded({ rowId, detail: null, error: asAppError(err) }),
    );
    return () => {
      live = false;
    };
  }, [rowId]);

  const loading = rowId !== null && loaded?.rowId !== rowId;
  const detail = loaded?.detail ?? null;
  return (
    <aside
      className="detail"
      aria-label="Image details"
      aria-busy={loading}
      data-testid="detail-panel"
    >
      <header className="detail-header">
        <div className="detail-title">
          <h2 title={detail?.info.name}>
            {detail ? detail.info.name : loading ? 'Loading…' : 'No record'}
          </h2>
          {detail && (
            <p className="detail-subtitle">
              {detail.dataset} · ID {detail.info.id}
            </p>
          )}
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close details (Esc)"
          title="Close (Esc)"
          data-testid="detail-close"
        >
          <Icon name="close" />
        </button>
      </header>
      <div className={`detail-body${loading ? ' is-loading' : ''}`}>
        {loaded?.error && (
          <p className="detail-error" role="alert">
            {loaded.error.message}
          </p>
        )}
        {detail && rowId !== null && (
          <div className="detail-preview" data-testid="detail-preview">
            <img src={thumbSrc(rowId)} alt={`Preview of ${detail.info.name}`} />
          </div>
        )}
        {detail && <DetailBody detail={detail} />}
      </div>
    </aside>
  );
}

function DetailBody({ detail }: { detail: ImageDetail }) {
  const raw = useRef<HTMLPreElement>(null);
  const info = detail.info;
  const rawText = JSON.stringify(detail.raw, null, 2);
  const derived = derivedFields(info.extra);
  return (
    <>
      {derived.size > 0 && (
        <p className="detail-derived-note" data-testid="detail-derived-note">
          <span className="derived-badge">derived</span> This record had no <code>img_info</code>:
          the marked fields were read from its annotation and image file.
        </p>
      )}
      <Section title={`Tags (${detail.tags.length})`}>
        {detail.tags.length === 0 ? (
          <p className="muted">No tags.</p>
        ) : (
          <ul className="chip-list" data-testid="detail-tags">
            {detail.tags.map((t, i) => (
              <li
                key={`${t.name}-${i}`}
                className="chip chip-large"
                title={[
                  t.tag_id !== null ? `tag id ${t.tag_id}` : '',
                  t.labeler ? `by ${t.labeler}` : '',
                ]
                  .filter(Boolean)
                  .join(', ')}
              >
                {t.name}
                {t.value !== null && <span className="chip-value">{String(t.value)}</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Meta">
        <JsonTree value={info.meta ?? {}} openDepth={2} />
      </Section>
      {FIELD_GROUPS.map((group) => (
        <Section key={group.title} title={group.title}>
          <dl className="fields">
            {group.fields.map(([key, label, kind]) => (
              <Field key={key} label={label} fieldKey={key} derived={derived.has(key)}>
                {fieldValue(info[key], kind)}
              </Field>
            ))}
            {group.title === 'Dataset & project' && (
              <>
                <Field label="Dataset" fieldKey="dataset_path">
                  {detail.dataset}
                </Field>
                <Field label="Source" fieldKey="source">
                  <span title={detail.source.uri}>
                    {detail.source.label} <span className="muted">({detail.source.kind})</span>
                  </span>
                </Field>
              </>
            )}
            {group.title === 'Dates' && (
              <Field label="Synced" fieldKey="synced_at">
                <span className="mono">{detail.synced_at}</span>
              </Field>
            )}
          </dl>
        </Section>
      ))}
      {info.ai_search_meta && (
        <Section title="AI search meta">
          <JsonTree value={info.ai_search_meta} />
        </Section>
      )}
      {info.extra && (
        <Section title="Extra fields">
          <JsonTree value={info.extra} />
        </Section>
      )}
      <Section
        title="Raw JSON"
        action={<CopyButton text={rawText} target={() => raw.current} label="Copy" />}
      >
        <pre className="raw-json" ref={raw} data-testid="detail-raw" tabIndex={0}>
          {rawText}
        </pre>
      </Section>
    </>
  );
}

function Section({
  title,
  action,
  children,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="detail-section">
      <div className="section-head">
        <h3>{title}</h3>
        {action}
      </div>
      {children}
    </section>
  );
}

function Field({
  label,
  fieldKey,
  derived = false,
  children,
}: {
  label: string;
  fieldKey: string;
  derived?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field" data-field={fieldKey} data-derived={derived || undefined}>
      <dt title={fieldKey}>
        {label}
        {derived && (
          <span className="derived-badge" title="Derived from ann/ and img/ (no img_info)">
            derived
          </span>
        )}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The fields an import derived from ann/ and img/ (listed in `extra.loupe_derived`). */
function derivedFields(extra: Record<string, unknown> | undefined): ReadonlySet<string> {
  const list = extra?.loupe_derived;
  return new Set(Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : []);
}

function fieldValue(v: unknown, kind: FieldKind): ReactNode {
  if (v === null || v === undefined || v === '') return <span className="muted">—</span>;
  if (kind === 'bytes' && typeof v === 'number') {
    return (
      <>
        {formatBytes(v)} <span className="muted">({formatCount(v)} bytes)</span>
      </>
    );
  }
  if (kind === 'count' && typeof v === 'number') return formatCount(v);
  const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (LINK_LIKE.test(text)) {
    return (
      <span className="url-value">
        <span className="mono url-text" data-testid="detail-url">
          {breakAtSeparators(text)}
        </span>
        <CopyButton text={text} label="Copy" testId="copy-url" />
      </span>
    );
  }
  return kind === 'mono' ? <span className="mono">{text}</span> : text;
}

/** URLs and storage paths: long, and only readable when they break where their parts meet. */
const LINK_LIKE = /^(https?|s3|gs|azure|file):\/\/|^\/[^\s]*\//i;

/** The text with a line-break chance after each separator of a URL, never inside a word. */
function breakAtSeparators(text: string): ReactNode[] {
  return text.split(/(?<=[/?&=#._-])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}
