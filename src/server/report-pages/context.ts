import type { Context } from 'hono';
import type { WebEnv } from '../web/index.js';

export type ReportEnv = WebEnv;
export type ReportContext = Context<ReportEnv>;
