import {
  PI_TABLES,
  type ErasureReceipt,
  type MinorExport,
  type PiTable,
  type ReceiptLine,
  type Retention,
} from '../../store/index.js';
import { describeRecorded } from '../guardian-portal/data.js';
import { DataTable, WithCode, categoryLabel, formatTime, severityLabel, t, type Lang } from '../web/index.js';

const byTable = new Map<string, PiTable>(PI_TABLES.map((e) => [e.table, e]));

/** What a table of records is, in the reader's language: its purpose from the register (never its table name). */
export function recordsLabel(lang: Lang, table: string): string {
  return byTable.get(table)?.purpose[lang] ?? table;
}

/** What some columns of a table hold, in the reader's language, from the register. */
export function fieldsLabel(lang: Lang, table: string, columns: readonly string[]): string {
  const entry = byTable.get(table);
  const what = columns
    .map((c) => entry?.columns.find((x) => x.column === c)?.what[lang])
    .filter((w) => w !== undefined);
  return [...new Set(what)].join(lang === 'zh' ? '、' : ', ');
}

/** A retention rule as a sentence. */
export function RetentionLabel(props: { readonly lang: Lang; readonly retention: Retention }) {
  const r = props.retention;
  // The column a retention counts from is a name in the database, shown as code.
  if (r.kind === 'days')
    return (
      <WithCode
        lang={props.lang}
        message={r.clear === undefined ? 'retention_days' : 'retention_clear'}
        codes={{ column: r.timeColumn }}
        params={{ days: r.days }}
      />
    );
  return <>{retentionLabel(props.lang, r)}</>;
}

export function retentionLabel(lang: Lang, r: Retention): string {
  switch (r.kind) {
    case 'days':
      return t(lang, r.clear === undefined ? 'retention_days' : 'retention_clear', {
        days: r.days,
        column: r.timeColumn,
      });
    case 'after_case_closed':
      return t(lang, 'retention_after_case_closed', { days: r.days });
    case 'tenant_log':
      return t(lang, 'retention_tenant_log');
    case 'while_registered':
      return t(lang, 'retention_while_registered');
    case 'legal_hold':
      return t(lang, 'retention_legal_hold', { years: r.years });
  }
}

function Lines(props: { readonly lang: Lang; readonly id: string; readonly lines: readonly ReceiptLine[] }) {
  const { lang } = props;
  if (props.lines.length === 0) return <p class="muted">{t(lang, 'privacy_receipt_none')}</p>;
  return (
    <DataTable
      id={props.id}
      headers={[t(lang, 'privacy_col_records'), t(lang, 'privacy_col_fields'), t(lang, 'privacy_col_count')]}
    >
      {props.lines.map((l) => (
        <tr data-table={l.table}>
          <td>{recordsLabel(lang, l.table)}</td>
          <td>{fieldsLabel(lang, l.table, l.columns)}</td>
          <td>{t(lang, 'privacy_rows', { n: l.rows })}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** An erasure receipt: what was removed, anonymised and kept (with the reason), in words a parent reads. */
export function ReceiptView(props: { readonly lang: Lang; readonly receipt: ErasureReceipt }) {
  const { lang, receipt } = props;
  return (
    <div id="receipt">
      <p class="intro">
        {t(lang, 'privacy_receipt_intro', {
          id: receipt.requestId,
          received: formatTime(receipt.receivedAt),
          completed: formatTime(receipt.completedAt),
        })}
      </p>
      <h2>{t(lang, 'privacy_receipt_deleted')}</h2>
      <Lines lang={lang} id="receipt-deleted" lines={receipt.deleted} />
      <h2>{t(lang, 'privacy_receipt_anonymised')}</h2>
      <Lines lang={lang} id="receipt-anonymised" lines={receipt.anonymised} />
      <h2>{t(lang, 'privacy_receipt_kept')}</h2>
      {receipt.kept.length === 0 ? (
        <p class="muted">{t(lang, 'privacy_receipt_none')}</p>
      ) : (
        <DataTable
          id="receipt-kept"
          headers={[t(lang, 'privacy_col_records'), t(lang, 'privacy_col_count'), t(lang, 'privacy_col_why')]}
        >
          {receipt.kept.map((l) => (
            <tr data-table={l.table}>
              <td>{recordsLabel(lang, l.table)}</td>
              <td>{t(lang, 'privacy_rows', { n: l.rows })}</td>
              <td>{l.why[lang]}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

const TIME_KEYS = ['occurredAt', 'sentAt', 'createdAt', 'receivedAt', 'grantedAt'] as const;
const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** The time a record was made, whichever field holds it. */
function whenOf(row: Readonly<Record<string, unknown>>): unknown {
  const key = TIME_KEYS.find((k) => typeof row[k] === 'number');
  if (key !== undefined) return formatTime(row[key] as number);
  return row['dayKey'];
}

/** The columns a parent reads, labelled from the register: the time, then every field of personal information. */
function readableColumns(lang: Lang, table: string, keys: readonly string[]): [string, string][] {
  const entry = byTable.get(table);
  const fields = (entry?.columns ?? [])
    .filter((c) => c.column !== 'id' && c.column !== 'minor_id' && keys.includes(camel(c.column)))
    .map((c): [string, string] => [camel(c.column), c.what[lang]]);
  return [['when', t(lang, 'access_time')], ...fields];
}

/** An internal id (alr_…, gdn_…, a case's code, a UUID): shown as code, as it is written. */
const INTERNAL_ID = /^(?:[a-z]{2,4}_[A-Za-z0-9_-]+|[a-z0-9]{12}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/u;

/** A structured record (matched spans, signals, a delivered message): its entries counted here, every field in the download. */
function isStructured(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((v) => typeof v === 'object' && v !== null);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v) => typeof v === 'object' && v !== null && isStructured(v));
}
const entriesOf = (value: unknown): number => (Array.isArray(value) ? value.length : 1);

/** The kinds of contact detail a record may name, in the parent's words. */
const CONTACT_KINDS: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  phone: { zh: '电话号码', en: 'phone number' },
  qq: { zh: 'QQ号', en: 'QQ number' },
  wechat: { zh: '微信号', en: 'WeChat id' },
  url: { zh: '网址', en: 'web address' },
  email: { zh: '邮箱', en: 'e-mail' },
};

/** A field's value in the parent's words: ids as code, categories and severities by name, settings as the history says them. */
function Cell(props: { readonly lang: Lang; readonly field: string; readonly value: unknown }) {
  const { lang, value } = props;
  if (value === null || value === undefined || value === '') return <>—</>;
  // Times are kept as milliseconds (occurredAt, readAt): shown as a time of day, never as the number.
  if (typeof value === 'number' && /At$/u.test(props.field)) return <>{formatTime(value)}</>;
  if (typeof value === 'string' && /^[[{]/u.test(value)) {
    // A recorded value kept as JSON text (the audit trail's before and after).
    try {
      const parsed = JSON.parse(value) as unknown;
      if (isStructured(parsed)) return <>{t(lang, 'privacy_export_structured', { n: entriesOf(parsed) })}</>;
      return <>{describeRecorded(lang, parsed)}</>;
    } catch {
      // Not JSON after all: shown as it is below.
    }
  }
  if (typeof value === 'string') {
    if (INTERNAL_ID.test(value) && !/^age_/u.test(value)) return <code>{value}</code>;
    const contact = Object.hasOwn(CONTACT_KINDS, value) ? CONTACT_KINDS[value] : undefined;
    if (contact !== undefined) return <>{contact[lang]}</>;
    const category = categoryLabel(value, lang);
    if (category.toLowerCase() !== value) return <>{category}</>;
    const severity = severityLabel(value, lang);
    if (severity.toLowerCase() !== value) return <>{severity}</>;
  }
  if (isStructured(value)) return <>{t(lang, 'privacy_export_structured', { n: entriesOf(value) })}</>;
  return <>{describeRecorded(lang, value)}</>;
}

/** A child's exported data as a readable page: one section per kind of record, with every field. */
export function ExportView(props: { readonly lang: Lang; readonly data: MinorExport }) {
  const { lang, data } = props;
  return (
    <div id="export">
      <p class="muted">{t(lang, 'privacy_export_generated', { time: formatTime(data.generatedAt) })}</p>
      {data.sections.length === 0 ? <p>{t(lang, 'privacy_export_empty')}</p> : null}
      {data.sections.map((section) => {
        const columns = readableColumns(lang, section.table, Object.keys(section.rows[0] ?? {}));
        return (
          <section class="card" data-table={section.table}>
            <h2>{section.purpose[lang]}</h2>
            <DataTable headers={columns.map(([, label]) => label)}>
              {section.rows.map((row) => (
                <tr>
                  {columns.map(([c]) => (
                    <td>
                      <Cell lang={lang} field={c} value={c === 'when' ? whenOf(row) : row[c]} />
                    </td>
                  ))}
                </tr>
              ))}
            </DataTable>
          </section>
        );
      })}
      {data.heldAsEvidence.length === 0 ? null : (
        <section class="card" id="held">
          <h2>{t(lang, 'privacy_export_held')}</h2>
          <ul>
            {data.heldAsEvidence.map((h) => (
              <li>
                {recordsLabel(lang, h.table)}：{t(lang, 'privacy_rows', { n: h.rows })} — {h.why[lang]}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
