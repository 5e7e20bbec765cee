export const TEST_API_KEY: string;
export interface Fault {
  status?: 403 | 404 | 429 | 500 | 502 | 503;
  retryAfter?: number | string;
  delayMs?: number;
  malformed?: boolean;
  html?: boolean;
  drop?: boolean;
  times?: number;
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}
export interface FakeEchoTrail {
  url: string;
  port: number;
  apiKey: string;
  readonly requests: RecordedRequest[];
  insightQueries(): string[];
  setFault(query: string, fault: Fault): void;
  clearFaults(): void;
  setDelay(ms: number): void;
  setQuota(total: number, used?: number): void;
  reset(): void;
  close(): Promise<void>;
}
export function startFakeEchoTrail(options?: {
  apiKey?: string;
  dailyQuota?: number;
  delayMs?: number;
  port?: number;
}): Promise<FakeEchoTrail>;
