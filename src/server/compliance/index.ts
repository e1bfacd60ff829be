// Compliance (issue 18): personal information in children's content, the annual reports and the incident register.
export { protectPersonalInfo, type ModeratedItem } from './personal-info.js';
export { ComplianceDocument, beijingTime, renderComplianceHtml } from './report-document.js';
export { CHROMIUM_PATHS, findChromium, printPdf } from './report-pdf.js';
export {
  REPORT_FORMATS,
  isReportFormat,
  renderComplianceReport,
  reportJson,
  reportTenant,
  type RenderedReport,
  type ReportFormat,
} from './report.js';
