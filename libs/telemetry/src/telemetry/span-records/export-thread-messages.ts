/** To the export thread: a batch to send (its bytes transferred), or the order to finish and stop. */
export type ExportOrder =
  | { readonly kind: 'export'; readonly id: number; readonly request: Uint8Array; readonly spans: number }
  | { readonly kind: 'shutdown'; readonly id: number };

/** From the export thread: how a batch went, or that it has stopped. */
export type ExportReport =
  | { readonly kind: 'exported'; readonly id: number; readonly failure?: string }
  | { readonly kind: 'stopped'; readonly id: number };
