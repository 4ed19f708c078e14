import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

export interface Selector {
  /** The metric name, or undefined for a selector that names none. */
  readonly metric: string | undefined;
  /** Names of the labels it matches on, `__name__` left out. */
  readonly labels: readonly string[];
}

export interface PromqlSyntax {
  /** Offsets in the expression where the parser found something that is not PromQL. */
  readonly errorsAt: readonly number[];
  readonly selectors: readonly Selector[];
}

const unquote = (text: string) => text.replace(/^["'`]|["'`]$/g, '');

function selectorOf(node: SyntaxNode, expr: string): Selector {
  const text = (child: SyntaxNode | null) => (child ? expr.slice(child.from, child.to) : undefined);
  let metric = text(node.getChild('Identifier') ?? node.getChild('MetricName'));
  const labels: string[] = [];
  const matchers = node.getChild('LabelMatchers');
  for (const matcher of [
    ...(matchers?.getChildren('UnquotedLabelMatcher') ?? []),
    ...(matchers?.getChildren('QuotedLabelMatcher') ?? []),
  ]) {
    const name = text(matcher.getChild('LabelName')) ?? unquote(text(matcher.getChild('QuotedLabelName')) ?? '');
    if (name === '__name__') metric = unquote(text(matcher.getChild('StringLiteral')) ?? '');
    else labels.push(name);
  }
  return { metric, labels };
}

/**
 * Parses an expression with the grammar of Prometheus's own query editor and reports what the
 * dashboards' tests hold it to: where it fails to parse, and which metrics and labels it selects.
 */
export function inspectPromql(expr: string): PromqlSyntax {
  const errorsAt: number[] = [];
  const selectors: Selector[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errorsAt.push(node.from);
      if (node.name === 'VectorSelector') selectors.push(selectorOf(node.node, expr));
    },
  });
  return { errorsAt, selectors };
}
