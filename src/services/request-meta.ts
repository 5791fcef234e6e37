// What a flow knows of the request it serves, for throttling and the audit trail.
export interface RequestMeta {
  requestId: string;
  clientAddress: string;
}
