import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml } from 'yaml';

const DEPLOY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../deploy');

/** One PromQL expression of the repository's alert rules or dashboard, and where it is. */
export type DeployQuery = { where: string; expr: string };

/** Every `expr` of `deploy/prometheus/alerts.yml` and of the targets of `deploy/grafana/*.json`. */
export function deployQueries(): DeployQuery[] {
  const queries: DeployQuery[] = [];
  const alerts = parseYaml(readFileSync(path.join(DEPLOY, 'prometheus/alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
  };
  for (const rule of alerts.groups.flatMap((group) => group.rules)) {
    queries.push({ where: `alert ${rule.alert}`, expr: String(rule.expr) });
  }
  const dashboard = JSON.parse(readFileSync(path.join(DEPLOY, 'grafana/chronos.json'), 'utf8')) as {
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) queries.push({ where: `panel "${panel.title}"`, expr: target.expr });
  }
  return queries;
}

/**
 * The series names an expression selects and the label names it matches, groups or joins on, read from
 * PromQL's own grammar (Prometheus's parser), so a typo in a name cannot hide in a string search. Throws on
 * an expression that does not parse.
 */
export function seriesOf(expr: string): { metrics: string[]; labels: string[] } {
  const tree = parser.parse(expr);
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`PromQL does not parse at ${cursor.from}: ${expr}`);
    const text = expr.slice(cursor.from, cursor.to);
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector') metrics.add(text);
    if (cursor.name === 'LabelName') labels.add(text);
  } while (cursor.next());
  return { metrics: [...metrics], labels: [...labels] };
}
