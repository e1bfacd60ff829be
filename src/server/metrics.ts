import { hostname } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

interface Histogram {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** The service's counters, exposed at /metrics in the Prometheus text format. */
export interface Metrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  observeVerdict(action: string, categories: readonly string[]): void;
  observeDecisionBatch(rows: number, seconds: number, error?: unknown): void;
  observeRateLimited(): void;
  setLexiconVersion(tenantId: string, version: number): void;
  /** The exposition text. */
  render(): string;
  close(): void;
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function newHistogram(): Histogram {
  return { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
}

function observe(h: Histogram, seconds: number): void {
  for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) h.counts[i]! += 1;
  h.sum += seconds;
  h.count += 1;
}

function renderHistogram(out: string[], name: string, labels: string, h: Histogram): void {
  const sep = labels === '' ? '' : ',';
  LATENCY_BUCKETS.forEach((le, i) => out.push(`${name}_bucket{${labels}${sep}le="${le}"} ${h.counts[i]}`));
  out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.count}`);
  out.push(`${name}_sum${labels === '' ? '' : `{${labels}}`} ${h.sum}`);
  out.push(`${name}_count${labels === '' ? '' : `{${labels}}`} ${h.count}`);
}

/**
 * Gives every sample the `process` label first, so the series of several processes (replicas, `serve --workers`) never
 * collide when scraped together.
 */
function withProcessLabel(line: string, process: string): string {
  if (line.startsWith('#')) return line;
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  const own = `process="${label(process)}"`;
  return brace !== -1 && brace < space
    ? `${line.slice(0, brace + 1)}${own},${line.slice(brace + 1)}`
    : `${line.slice(0, space)}{${own}}${line.slice(space)}`;
}

/** The `process` label of this process's series: host name and process id (a pod's host name is its name). */
export function processLabel(): string {
  return `${hostname()}:${process.pid}`;
}

/** Creates the metrics registry (hand-written: the format is a few lines and needs no dependency). */
export function createMetrics(options: { readonly process?: string } = {}): Metrics {
  const processName = options.process ?? processLabel();
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const verdicts = new Map<string, number>();
  const categories = new Map<string, number>();
  const lexiconVersions = new Map<string, number>();
  const commit = newHistogram();
  let batchRows = 0;
  let batchErrors = 0;
  let rateLimited = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  const inc = (map: Map<string, number>, key: string, by = 1): void => {
    map.set(key, (map.get(key) ?? 0) + by);
  };

  return {
    observeRequest(method, route, status, seconds) {
      inc(requests, `method="${label(method)}",route="${label(route)}",status="${status}"`);
      const key = `route="${label(route)}"`;
      let h = latency.get(key);
      if (h === undefined) latency.set(key, (h = newHistogram()));
      observe(h, seconds);
    },
    observeVerdict(action, cats) {
      inc(verdicts, action);
      for (const c of cats) inc(categories, c);
    },
    observeDecisionBatch(rows, seconds, error) {
      if (error !== undefined) batchErrors += 1;
      else batchRows += rows;
      observe(commit, seconds);
    },
    observeRateLimited() {
      rateLimited += 1;
    },
    setLexiconVersion(tenantId, version) {
      lexiconVersions.set(tenantId, version);
    },
    render() {
      const out: string[] = [];
      out.push(
        '# HELP qinglang_http_requests_total HTTP requests answered.',
        '# TYPE qinglang_http_requests_total counter',
      );
      for (const [k, v] of requests) out.push(`qinglang_http_requests_total{${k}} ${v}`);
      out.push(
        '# HELP qinglang_http_request_duration_seconds Time to answer, by route.',
        '# TYPE qinglang_http_request_duration_seconds histogram',
      );
      for (const [k, h] of latency) renderHistogram(out, 'qinglang_http_request_duration_seconds', k, h);
      out.push('# HELP qinglang_verdicts_total Verdicts given, by action.', '# TYPE qinglang_verdicts_total counter');
      for (const [k, v] of verdicts) out.push(`qinglang_verdicts_total{action="${label(k)}"} ${v}`);
      out.push(
        '# HELP qinglang_verdict_categories_total Verdicts naming each category.',
        '# TYPE qinglang_verdict_categories_total counter',
      );
      for (const [k, v] of categories) out.push(`qinglang_verdict_categories_total{category="${label(k)}"} ${v}`);
      out.push(
        '# HELP qinglang_lexicon_version Lexicon version serving each tenant with its own lexicon.',
        '# TYPE qinglang_lexicon_version gauge',
      );
      for (const [k, v] of lexiconVersions) out.push(`qinglang_lexicon_version{tenant="${label(k)}"} ${v}`);
      out.push(
        '# HELP qinglang_decision_log_rows_total Decisions committed to the log.',
        '# TYPE qinglang_decision_log_rows_total counter',
        `qinglang_decision_log_rows_total ${batchRows}`,
        '# HELP qinglang_decision_log_errors_total Decision-log batches that failed to commit.',
        '# TYPE qinglang_decision_log_errors_total counter',
        `qinglang_decision_log_errors_total ${batchErrors}`,
        '# HELP qinglang_decision_log_commit_seconds Time to commit one batch of decisions.',
        '# TYPE qinglang_decision_log_commit_seconds histogram',
      );
      renderHistogram(out, 'qinglang_decision_log_commit_seconds', '', commit);
      out.push(
        '# HELP qinglang_rate_limited_total Requests refused by a per-key rate limit.',
        '# TYPE qinglang_rate_limited_total counter',
        `qinglang_rate_limited_total ${rateLimited}`,
        '# HELP qinglang_event_loop_delay_seconds Event-loop delay, p99 since start.',
        '# TYPE qinglang_event_loop_delay_seconds gauge',
        `qinglang_event_loop_delay_seconds ${loopDelay.percentile(99) / 1e9}`,
        '# HELP qinglang_process_resident_memory_bytes Resident memory.',
        '# TYPE qinglang_process_resident_memory_bytes gauge',
        `qinglang_process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      );
      return `${out.map((line) => withProcessLabel(line, processName)).join('\n')}\n`;
    },
    close() {
      loopDelay.disable();
    },
  };
}
