/** A stored answer to an earlier request with the same Idempotency-Key; the exception filter writes it verbatim. */
export class ReplayedResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
  ) {}
}
