import { experimentDocumentJsonSchema, type FaultKind } from '@scale/chaos';

interface FaultVariant {
  properties?: { kind?: { const?: string }; params?: Record<string, unknown> };
  allOf?: FaultVariant[];
}

/** The JSON schema of a fault kind's params, taken from the experiment document's schema (the one source). */
export function paramsSchemaOf(kind: FaultKind): Record<string, unknown> {
  const fault = (
    experimentDocumentJsonSchema as unknown as {
      properties: { fault: { oneOf?: FaultVariant[]; anyOf?: FaultVariant[] } };
    }
  ).properties.fault;
  for (const variant of fault.oneOf ?? fault.anyOf ?? []) {
    const candidates = [variant, ...(variant.allOf ?? [])];
    const match = candidates.find((candidate) => candidate.properties?.kind?.const === kind);
    if (match?.properties?.params) return match.properties.params;
  }
  throw new Error(`the experiment document's schema has no params for fault kind ${kind}`);
}
