export function syntheticHash(label: string, type?: 'md5' | 'sha1' | 'sha256'): string;
export const PROCESSES: Record<string, Record<string, unknown>>;
export const HASHES: Record<string, Record<string, unknown>>;
export function NEVER_OBSERVED(query: string): { message: string };
