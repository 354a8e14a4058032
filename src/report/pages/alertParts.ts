/** The pieces of an alarm shown on the overview and the alerts page: its badges and its sparkline. */

import type { Lang } from '../../core/lang.ts';
import { sourceName } from '../derive.ts';
import { formatMonth, formatNumber, listOf, strings } from '../i18n.ts';
import type { AlertRow, ReportData } from '../reportData.ts';
import { alertSparkline } from '../sparkline.ts';
import { esc } from './shared.ts';

export function badges(data: ReportData, alert: AlertRow, methods: number, lang: Lang): string {
  const s = strings(lang);
  const out: string[] = [];
  if (alert.corroboratedBy.length > 0)
    out.push(
      `<span class="badge strong">${esc(
        s.alertsPage.corroboratedBy(
          listOf(
            alert.corroboratedBy.map((c) => sourceName(data, c, lang)),
            lang,
          ),
        ),
      )}</span>`,
    );
  if (methods > 1)
    out.push(`<span class="badge">${esc(s.alertsPage.methodsAgree(formatNumber(methods, lang)))}</span>`);
  if (alert.fdrAlarm === true) out.push(`<span class="badge fdr">${esc(s.alertsPage.fdrYes)}</span>`);
  return out.join('');
}

export function alertSpark(alert: AlertRow, lang: Lang): string {
  return alertSparkline(alert.spark, {
    label: strings(lang).alertsPage.sparkLabel(formatMonth(alert.periodEnd, lang)),
    baselineStart: alert.baselineStart,
    baselineEnd: alert.baselineEnd,
  });
}
