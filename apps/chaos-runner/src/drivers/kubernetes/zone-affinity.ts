import type { V1Affinity, V1NodeSelectorRequirement, V1NodeSelectorTerm } from '@kubernetes/client-node';
import { ZONE_LABEL } from './labels';

const exclusion = (zone: string): V1NodeSelectorRequirement => ({ key: ZONE_LABEL, operator: 'NotIn', values: [zone] });

const isExclusion = (requirement: V1NodeSelectorRequirement, zone: string) =>
  requirement.key === ZONE_LABEL &&
  requirement.operator === 'NotIn' &&
  requirement.values?.length === 1 &&
  requirement.values[0] === zone;

/**
 * The affinity with the zone excluded from every way a pod may be placed: node selector terms are
 * ORed, so the `NotIn` is ANDed into each of them (one new term when there are none). `added` is
 * false when every term excluded the zone already, so there is nothing of ours to take out later.
 */
export function excludeZone(affinity: V1Affinity | undefined, zone: string): { affinity: V1Affinity; added: boolean } {
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [];
  if (terms.length > 0 && terms.every((term) => (term.matchExpressions ?? []).some((r) => isExclusion(r, zone)))) {
    return { affinity: affinity as V1Affinity, added: false };
  }
  const excluded: V1NodeSelectorTerm[] =
    terms.length === 0
      ? [{ matchExpressions: [exclusion(zone)] }]
      : terms.map((term) => ({ ...term, matchExpressions: [...(term.matchExpressions ?? []), exclusion(zone)] }));
  return {
    affinity: {
      ...affinity,
      nodeAffinity: {
        ...affinity?.nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: excluded },
      },
    },
    added: true,
  };
}

/**
 * The affinity without the exclusion `excludeZone` added: the last matching `NotIn` of each term
 * goes, a term left empty goes (it was ours: an empty term matches no node), and the parts left
 * empty go with it. Undefined when nothing is left.
 */
export function readmitZone(affinity: V1Affinity | undefined, zone: string): V1Affinity | undefined {
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!affinity || !required) return affinity;
  const terms = required.nodeSelectorTerms
    .map((term) => withoutLastExclusion(term, zone))
    .filter((term) => (term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0);
  const { requiredDuringSchedulingIgnoredDuringExecution: _, ...otherNodeAffinity } = affinity.nodeAffinity ?? {};
  const nodeAffinity =
    terms.length > 0
      ? {
          ...otherNodeAffinity,
          requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: terms },
        }
      : otherNodeAffinity;
  const { nodeAffinity: __, ...otherAffinity } = affinity;
  const rest: V1Affinity = hasFields(nodeAffinity) ? { ...otherAffinity, nodeAffinity } : otherAffinity;
  return hasFields(rest) ? rest : undefined;
}

/** The client's objects list absent fields as undefined: only the others count. */
function hasFields(object: object): boolean {
  return Object.values(object).some((value) => value !== undefined);
}

function withoutLastExclusion(term: V1NodeSelectorTerm, zone: string): V1NodeSelectorTerm {
  const expressions = [...(term.matchExpressions ?? [])];
  const last = expressions.findLastIndex((requirement) => isExclusion(requirement, zone));
  if (last === -1) return term;
  expressions.splice(last, 1);
  const { matchExpressions: _, ...others } = term;
  return expressions.length > 0 ? { ...others, matchExpressions: expressions } : others;
}
